using System.Collections.Concurrent;
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
    private const int LogCapacity = 8_192;

    private static readonly AsyncLocal<RequestMarker?> Current = new(OnChanged);
    private static readonly ConcurrentDictionary<int, ThreadRequestLog> Logs = new();
    private static long s_nextId;

    [ThreadStatic]
    private static ThreadRequestLog? t_log;

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
    public static long Lookup(int osThreadId, long timestamp) =>
        Logs.TryGetValue(osThreadId, out var log) ? log.Lookup(timestamp) : 0;

    private static void OnChanged(AsyncLocalValueChangedArgs<RequestMarker?> args)
    {
        var log = t_log;
        if (log is null || log.Detached)
        {
            var id = OsThread.CurrentId;
            if (id <= 0)
            {
                return;
            }

            // A reused OS thread id gets a fresh log: the old thread is gone.
            log = t_log = new ThreadRequestLog(LogCapacity);
            Logs[id] = log;
        }

        log.Append(Stopwatch.GetTimestamp(), args.CurrentValue?.Id ?? 0);
    }

    /// <summary>Forgets the logs of threads that recorded nothing since <paramref name="before"/> (most are threads that exited).</summary>
    /// <returns>How many logs were dropped.</returns>
    public static int PruneIdle(long before)
    {
        var dropped = 0;
        foreach (var (id, log) in Logs)
        {
            if (log.LastWrite < before && Logs.TryRemove(new KeyValuePair<int, ThreadRequestLog>(id, log)))
            {
                // A live thread that writes again re-registers itself.
                log.Detached = true;
                dropped++;
            }
        }

        return dropped;
    }

    internal static int LogCount => Logs.Count;

    private sealed record RequestMarker(long Id);
}
