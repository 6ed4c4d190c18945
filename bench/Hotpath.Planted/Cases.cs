using System.Runtime.CompilerServices;

namespace Hotpath.Planted;

/// <summary>
/// The planted cases. Every method the harness looks for is NoInlining, so it is its own frame in perf's and Hotpath's
/// stacks; every loop feeds a value that is returned, so the JIT cannot drop it. Each CPU function runs its own copy of
/// the loop instead of calling a shared one: the JIT may give a loop-only leaf no frame, and perf's frame-pointer
/// unwinding then skips the leaf's caller, which would hide the planted function from the ground truth. Case roots end in "Case" and are the
/// denominator of every share: a function's share is the fraction of samples under its case root that contain it.
/// </summary>
public static class Cases
{
    private static readonly object Gate = new();
    private static readonly ManualResetEvent NeverSet = new(false);

    /// <summary>Two loops of the same body, 1.4M then 0.6M iterations: Seventy's true share is 0.70.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RatioCase() => Seventy(1_400_000) + Thirty(600_000);

    /// <summary>The 70 part.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Seventy(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>The 30 part: the same body as <see cref="Seventy"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Thirty(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>Call-heavy recursion (about 243k calls) against a loop; the split is whatever perf measures.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RecursionCase() => Recurse(25) + Loop(700_000);

    /// <summary>Naive Fibonacci: almost all its time is calls and returns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Recurse(int n) => n < 2 ? n : Recurse(n - 1) + Recurse(n - 2);

    /// <summary>The loop the recursion is compared with.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Loop(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>CPU work, a 2-ms blocking wait on a kernel event that is never set, more CPU work.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long BlockingCase()
    {
        var a = BeforeWait(700_000);
        BlockingWait();
        return a + AfterWait(300_000);
    }

    /// <summary>Work before the wait.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long BeforeWait(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>Blocks the thread for 2 ms (WaitHandle.WaitOne does not spin).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void BlockingWait() => NeverSet.WaitOne(2);

    /// <summary>Work after the wait.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long AfterWait(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>Work outside a lock, then a Monitor lock taken by every concurrent request, work inside it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long LockCase()
    {
        var a = Unlocked(300_000);
        WaitForGate();
        try
        {
            return a + Locked(700_000);
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>Work outside the lock.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Unlocked(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>Takes the contended lock (Monitor spins briefly, then blocks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WaitForGate() => Monitor.Enter(Gate);

    /// <summary>Work inside the lock.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Locked(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>CPU work, sync-over-async blocking on Task.Delay(2).Result, more CPU work.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long SyncOverAsyncCase()
    {
        var a = BeforeDelay(600_000);
        a += WaitResult();
        return a + AfterDelay(400_000);
    }

    /// <summary>Work before the blocking wait.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long BeforeDelay(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>Blocks on a task's Result (the anti-pattern).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long WaitResult() => DelayedAsync().Result;

    private static async Task<long> DelayedAsync()
    {
        await Task.Delay(2).ConfigureAwait(false);
        return 6;
    }

    /// <summary>Work after the blocking wait.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long AfterDelay(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>CPU work, then Thread.Sleep(2).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long SleepCase()
    {
        var a = SleepWork(1_000_000);
        SleepFor();
        return a;
    }

    /// <summary>Work before the sleep.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long SleepWork(int n)
    {
        long x = n;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >> 29;
        }

        return x;
    }

    /// <summary>Sleeps 2 ms.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SleepFor() => Thread.Sleep(2);
}
