using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Hotpath.LineProfiler;

/// <summary>
/// The entry points the build-time rewriter inserts into instrumented methods. Not for direct use: the IL the
/// <c>HotpathLineProfile</c> build step emits calls these, and their signatures are part of that contract.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LineCounters
{
    /// <summary>Registers an instrumented module (called once, from the module's generated type initializer).</summary>
    /// <param name="anchor">The generated type, which identifies the module.</param>
    /// <param name="metadata">The method table the rewriter wrote (format: docs/lines.md, "Metadata").</param>
    /// <param name="hits">Receives the module's hit counters, one slot per method entry and per sequence point.</param>
    /// <param name="times">Receives the module's line-time counters (Stopwatch ticks), indexed like <paramref name="hits"/>.</param>
    /// <param name="functions">Receives the own/total tick pairs of the module's timed functions.</param>
    /// <returns>The first global id of the module's timed functions.</returns>
    public static int RegisterModule(RuntimeTypeHandle anchor, string metadata, out long[] hits, out long[] times, out long[] functions)
    {
        (hits, times, functions, var first) = LineRegistry.Register(Type.GetTypeFromHandle(anchor)?.Assembly, metadata);
        return first;
    }

    /// <summary>Counts one execution of a sequence point (or one call, for a method's entry slot). Exact across threads.</summary>
    /// <param name="hits">The module's hit counters.</param>
    /// <param name="index">The slot.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Hit(long[] hits, int index) => Interlocked.Increment(ref hits[index]);

    /// <summary>
    /// Counts a sequence point and charges the time since the previous one to the previous line (line_profiler
    /// semantics: a line's time runs until the next line of the same frame starts, callees included).
    /// </summary>
    /// <param name="hits">The module's hit counters.</param>
    /// <param name="times">The module's line-time counters.</param>
    /// <param name="index">The slot of the sequence point starting now.</param>
    /// <param name="lastTimestamp">The frame's (or state machine's) timestamp of the previous line.</param>
    /// <param name="lastIndex">The frame's previous slot; 0 before the first line.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Step(long[] hits, long[] times, int index, ref long lastTimestamp, ref int lastIndex)
    {
        Interlocked.Increment(ref hits[index]);
        var now = Stopwatch.GetTimestamp();
        if (lastIndex > 0)
        {
            Interlocked.Add(ref times[lastIndex], now - lastTimestamp);
        }

        lastIndex = index;
        lastTimestamp = now;
    }

    /// <summary>Charges the time since the previous line to it when the frame ends (from the method's finally block).</summary>
    /// <param name="times">The module's line-time counters.</param>
    /// <param name="lastTimestamp">The frame's timestamp of the previous line.</param>
    /// <param name="lastIndex">The frame's previous slot.</param>
    public static void Flush(long[] times, ref long lastTimestamp, ref int lastIndex)
    {
        if (lastIndex > 0)
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Add(ref times[lastIndex], now - lastTimestamp);
            lastTimestamp = now;
        }
    }

    /// <summary>Starts a timed function's frame on this thread.</summary>
    /// <param name="functionId">The function's global id.</param>
    /// <returns>The start timestamp, handed back to <see cref="Exit"/>.</returns>
    public static long Enter(int functionId)
    {
        CallFrames.Current.Enter(functionId);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Ends a timed function's frame (from its finally block, so enter and exit stay balanced on throw).</summary>
    /// <param name="functions">The module's own/total tick pairs.</param>
    /// <param name="slot">The function's slot in the module.</param>
    /// <param name="functionId">The function's global id.</param>
    /// <param name="start">What <see cref="Enter"/> returned.</param>
    public static void Exit(long[] functions, int slot, int functionId, long start)
    {
        var elapsed = Stopwatch.GetTimestamp() - start;
        var (own, outermost) = CallFrames.Current.Exit(functionId, elapsed);
        Interlocked.Add(ref functions[2 * slot], own);
        if (outermost)
        {
            Interlocked.Add(ref functions[(2 * slot) + 1], elapsed);
        }
    }
}
