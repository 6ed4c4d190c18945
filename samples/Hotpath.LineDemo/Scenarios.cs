using System.Runtime.CompilerServices;
using Hotpath.LineProfiler;

namespace Hotpath.LineDemo;

/// <summary>Code shapes the line profiler must keep correct; tests find lines by the <c>// line:</c> markers.</summary>
public static class Scenarios
{
    public static long Loop(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += i; // line: loop-body
        }

        return sum;
    }

    [ProfileLines]
    public static int Fib(int n)
    {
        if (n < 2) // line: fib-test
        {
            return n;
        }

        return Fib(n - 1) + Fib(n - 2);
    }

    public static int CatchIt(int n)
    {
        try
        {
            return Thrower(n);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("boom", StringComparison.Ordinal)) // line: filter
        {
            return -1; // line: caught
        }
    }

    [ProfileLines]
    public static int Thrower(int n)
    {
        if (n >= 0)
        {
            throw new InvalidOperationException("boom " + n); // line: throw
        }

        return n;
    }

    [ProfileLines]
    public static int Rethrow(int n)
    {
        try
        {
            return Thrower(n);
        }
        catch (InvalidOperationException)
        {
            n++; // line: rethrow-catch
            throw;
        }
    }

    public static async Task<int> DelayAsync(int ms)
    {
        var before = ms * 2; // line: before-await
        await Task.Delay(ms); // line: await
        return before + 1; // line: after-await
    }

    public static IEnumerable<int> Evens(int n)
    {
        for (var i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                yield return i; // line: yield
            }
        }
    }

    public static int Doubled(int[] values) =>
        values.Select(v => v * 2).Sum(); // line: lambda

    public static int WithLocal(int n)
    {
        return Square(n) + Square(n + 1);

        static int Square(int x) => x * x; // line: local
    }

    public static T Largest<T>(IReadOnlyList<T> items)
        where T : IComparable<T>
    {
        var best = items[0];
        foreach (var item in items)
        {
            if (item.CompareTo(best) > 0)
            {
                best = item; // line: generic
            }
        }

        return best;
    }

    [ProfileLines]
    public static int SpanSum(int n)
    {
        Span<int> buffer = stackalloc int[16];
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = i * n; // line: stackalloc
        }

        var total = 0;
        foreach (var v in buffer)
        {
            total += v;
        }

        return total;
    }

    public static Dictionary<string, int> Words(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = word.Trim('.', ',', ';'); // line: words-trim
            counts[key] = counts.TryGetValue(key, out var c) ? c + 1 : 1;
        }

        return counts;
    }

    /// <summary>Burns CPU for about <paramref name="ms"/> milliseconds (a hot line for the sampler).</summary>
    public static double Spin(int ms)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + (ms * System.Diagnostics.Stopwatch.Frequency / 1000);
        var x = 1.0;
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < 1000; i++)
            {
                x = Math.Sqrt(x + i); // line: spin
            }
        }

        return x;
    }

    /// <summary>The line an exception's stack trace reports for <see cref="Thrower"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string ThrowerStackLine()
    {
        try
        {
            Thrower(1);
            return "none";
        }
        catch (InvalidOperationException e)
        {
            var frame = new System.Diagnostics.StackTrace(e, fNeedFileInfo: true).GetFrame(0);
            return frame?.GetMethod()?.Name + ":" + frame?.GetFileLineNumber();
        }
    }

    /// <summary>Runs every scenario and prints what it returns: the output must not change with instrumentation.</summary>
    public static async Task RunAllAsync(TextWriter output)
    {
        output.WriteLine($"loop {Loop(1000)}");
        output.WriteLine($"fib {Fib(15)}");
        output.WriteLine($"catch {CatchIt(3)}");
        try
        {
            Rethrow(2);
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine($"rethrow {e.Message}");
        }

        output.WriteLine($"delay {await DelayAsync(20).ConfigureAwait(false)}");
        output.WriteLine($"evens {string.Join(',', Evens(10))}");
        output.WriteLine($"doubled {Doubled([1, 2, 3])}");
        output.WriteLine($"local {WithLocal(3)}");
        output.WriteLine($"largest {Largest(["pear", "apple", "zucchini", "kiwi"])}");
        output.WriteLine($"span {SpanSum(3)}");
        output.WriteLine($"words {string.Join(',', Words("the cat, the hat; The end.").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))}");
        output.WriteLine($"stack {ThrowerStackLine()}");
    }
}
