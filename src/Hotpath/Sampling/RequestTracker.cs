using System.Diagnostics;

namespace Hotpath.Sampling;

/// <summary>
/// Attributes samples to requests across async continuations. EventPipe samples carry no activity id, and after an
/// <c>await</c> a stack holds only the continuation, so we record, per OS thread, when the flowing request changes
/// (an <see cref="AsyncLocal{T}"/> value-changed callback fires on every execution-context switch that changes it)
/// and later match a sample by its thread id and timestamp.
/// </summary>
internal static class RequestTracker
{
    /// <summary>Switches kept per thread (16 bytes each: 128 KiB per log).</summary>
    public const int LogCapacity = 8_192;

    /// <summary>The most threads with a log at once: 256 × 128 KiB = 32 MiB at worst. Past it a thread's samples count as unattributed.</summary>
    public const int MaxThreadLogs = 256;

    private static readonly AsyncLocal<RequestMarker?> Current = new(OnChanged);

    // Pruned every 30 s: logs of threads idle (outside any request) for 60 s, and any log silent for 10 minutes.
    private static readonly ThreadLogRegistry Logs = new(MaxThreadLogs, LogCapacity, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));
    private static long s_nextId;

    [ThreadStatic]
    private static ThreadRequestLog? t_log;

    // When a thread refused by the cap may try again (a Stopwatch timestamp).
    [ThreadStatic]
    private static long t_retryAt;

    /// <summary>Whether attribution works on this platform.</summary>
    public static bool IsSupported => OsThread.IsSupported;

    /// <summary>The request flowing on the current execution context, or 0.</summary>
    public static long CurrentRequestId => Current.Value?.Id ?? 0;

    /// <summary>Allocates a request id (never 0).</summary>
    public static long NextId() => Interlocked.Increment(ref s_nextId);

    /// <summary>
    /// Marks the current execution context as running <paramref name="requestId"/>. The mark flows into every
    /// continuation and is undone when the calling async method returns (execution contexts are restored).
    /// </summary>
    public static void Enter(long requestId)
    {
        if (IsSupported)
        {
            Current.Value = new RequestMarker(requestId);
        }
    }

    /// <summary>
    /// Puts back an execution context captured (<see cref="ExecutionContext.Capture"/>) before <see cref="Enter"/>,
    /// without allocating; falls back to <see cref="Exit"/> when none was captured (flow suppressed).
    /// </summary>
    public static void Restore(ExecutionContext? captured)
    {
        if (captured is null)
        {
            Exit();
        }
        else if (IsSupported)
        {
            ExecutionContext.Restore(captured);
        }
    }

    /// <summary>Clears the mark on the current execution context.</summary>
    public static void Exit()
    {
        if (IsSupported)
        {
            Current.Value = null;
        }
    }

    /// <summary>The request thread <paramref name="osThreadId"/> ran at <paramref name="timestamp"/>: 0 for none, -1 unknown.</summary>
    public static long Lookup(int osThreadId, long timestamp) => Logs.Lookup(osThreadId, timestamp);

    private static void OnChanged(AsyncLocalValueChangedArgs<RequestMarker?> args)
    {
        var log = t_log;
        var now = Stopwatch.GetTimestamp();
        var request = args.CurrentValue?.Id ?? 0;
        if (log is not null && !log.Detached)
        {
            log.Append(now, request);
            return;
        }

        if (now < t_retryAt)
        {
            return;
        }

        var id = OsThread.CurrentId;
        if (id <= 0)
        {
            return;
        }

        t_log = Logs.TryRegister(id, now, request);
        t_retryAt = t_log is null ? now + Stopwatch.Frequency : 0;
    }

    /// <summary>Forgets the logs of threads that recorded nothing since <paramref name="before"/> and last ran no request, or that were silent much longer.</summary>
    /// <returns>How many logs were dropped.</returns>
    public static int PruneIdle(long before) => Logs.Prune(before, before - (Stopwatch.Frequency * 540));

    internal static int LogCount => Logs.Count;

    /// <summary>How many threads the log cap refused (their samples are not attributed to requests).</summary>
    internal static long RefusedThreads => Logs.Refused;

    private sealed record RequestMarker(long Id);
}
