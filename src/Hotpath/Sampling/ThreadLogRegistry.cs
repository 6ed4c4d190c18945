using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hotpath.Sampling;

/// <summary>
/// The per-thread request logs (<see cref="ThreadRequestLog"/>), bounded two ways: at most <see cref="MaxLogs"/> of them
/// (a thread past the cap is not attributed: its samples count as unattributed, and the refusal in <see cref="Refused"/>), and a timer that forgets the logs of
/// threads that went quiet. The timer runs whether or not samples arrive, so logs are pruned even when the profiler
/// failed or stopped.
/// </summary>
internal sealed class ThreadLogRegistry : IDisposable
{
    private readonly ConcurrentDictionary<int, ThreadRequestLog> _logs = new();

    // Threads the cap turned away (OS thread id → when), so their samples count as unattributed rather than as "no
    // request". Bounded like the logs, and pruned with them.
    private readonly ConcurrentDictionary<int, long> _refusedThreads = new();
    private readonly int _capacity;
    private readonly TimeSpan _pruneEvery;
    private readonly long _idleTicks;
    private readonly long _staleTicks;
    private readonly object _timerGate = new();
    private Timer? _timer;
    private long _refused;
    private long _pruned;

    /// <param name="maxLogs">The most logs kept at once.</param>
    /// <param name="capacity">Entries per log (a power of two; 16 bytes each).</param>
    /// <param name="pruneEvery">How often the timer prunes.</param>
    /// <param name="idleAfter">A log whose thread last switched to "no request" this long ago is dropped.</param>
    /// <param name="staleAfter">Any log silent this long is dropped, even if its thread was last inside a request.</param>
    public ThreadLogRegistry(int maxLogs, int capacity, TimeSpan pruneEvery, TimeSpan idleAfter, TimeSpan staleAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLogs, 1);
        MaxLogs = maxLogs;
        _capacity = capacity;
        _pruneEvery = pruneEvery;
        _idleTicks = (long)(idleAfter.TotalSeconds * Stopwatch.Frequency);
        _staleTicks = (long)(staleAfter.TotalSeconds * Stopwatch.Frequency);
    }

    public int MaxLogs { get; }

    /// <summary>The bytes one log holds (its two arrays).</summary>
    public long BytesPerLog => _capacity * 2L * sizeof(long);

    public int Count => _logs.Count;

    /// <summary>How many registrations the cap refused.</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>How many logs pruning dropped.</summary>
    public long Pruned => Volatile.Read(ref _pruned);

    /// <summary>
    /// Gives thread <paramref name="osThreadId"/> a new log that starts with the switch (<paramref name="timestamp"/>,
    /// <paramref name="requestId"/>), or returns null when the cap is reached even after pruning.
    /// </summary>
    public ThreadRequestLog? TryRegister(int osThreadId, long timestamp, long requestId)
    {
        EnsureTimer();
        if (_logs.Count >= MaxLogs)
        {
            Prune(timestamp);
            if (_logs.Count >= MaxLogs)
            {
                Interlocked.Increment(ref _refused);
                if (_refusedThreads.Count < MaxLogs || _refusedThreads.ContainsKey(osThreadId))
                {
                    _refusedThreads[osThreadId] = timestamp;
                }

                return null;
            }
        }

        // The first switch goes in before the log is visible, so a prune racing with us never sees it empty.
        var log = new ThreadRequestLog(_capacity);
        log.Append(timestamp, requestId);
        if (_logs.TryGetValue(osThreadId, out var previous))
        {
            // A reused OS thread id: the old thread is gone.
            previous.Detached = true;
        }

        _logs[osThreadId] = log;
        _refusedThreads.TryRemove(osThreadId, out _);
        return log;
    }

    /// <summary>The request thread <paramref name="osThreadId"/> ran at <paramref name="timestamp"/>: 0 for none, -1 unknown.</summary>
    public long Lookup(int osThreadId, long timestamp) =>
        _logs.TryGetValue(osThreadId, out var log) ? log.Lookup(timestamp) : _refusedThreads.ContainsKey(osThreadId) ? -1 : 0;

    /// <summary>Prunes with the configured ages, as of <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public int Prune(long now) => Prune(now - _idleTicks, now - _staleTicks);

    /// <summary>
    /// Drops the logs of threads that last switched to "no request" before <paramref name="idleBefore"/>, and of any thread
    /// silent since <paramref name="staleBefore"/>. A live thread that switches again registers a new log.
    /// </summary>
    public int Prune(long idleBefore, long staleBefore)
    {
        var dropped = 0;
        foreach (var (id, log) in _logs)
        {
            var last = log.LastWrite;
            if (((last < idleBefore && log.LastRequest == 0) || last < staleBefore)
                && _logs.TryRemove(new KeyValuePair<int, ThreadRequestLog>(id, log)))
            {
                log.Detached = true;
                dropped++;
            }
        }

        foreach (var (id, at) in _refusedThreads)
        {
            if (at < idleBefore)
            {
                _refusedThreads.TryRemove(new KeyValuePair<int, long>(id, at));
            }
        }

        Interlocked.Add(ref _pruned, dropped);
        return dropped;
    }

    public void Dispose()
    {
        lock (_timerGate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void EnsureTimer()
    {
        if (Volatile.Read(ref _timer) is not null)
        {
            return;
        }

        lock (_timerGate)
        {
            if (_timer is not null)
            {
                return;
            }

            // The timer must not capture the registering thread's execution context: a request mark flowing into the
            // callback would switch the callback's thread into that request and create logs of its own.
            using (ExecutionContext.SuppressFlow())
            {
                _timer = new Timer(static state => ((ThreadLogRegistry)state!).Prune(Stopwatch.GetTimestamp()), this, _pruneEvery, _pruneEvery);
            }
        }
    }
}
