using System.Diagnostics;
using Hotpath.Aggregation;
using Hotpath.Model;

namespace Hotpath.Sampling;

/// <summary>
/// The accumulated profile plus everything needed to read it honestly: idle, discarded and own samples, the measured
/// sampling interval, clear and discard boundaries. One writer (the event thread) and any number of readers, all under
/// <see cref="Gate"/>.
/// </summary>
internal sealed class ProfileAccumulator
{
    // Samples of one sampling pass carry almost the same timestamp; a larger gap starts a new pass.
    private static readonly long PassGap = Stopwatch.Frequency / 4000; // 0.25 ms

    private readonly TimeProvider _time;
    private double _configuredIntervalMs;
    private int[] _otherOwnThreads = [];
    private long _idle, _discarded, _own, _requests, _unattributed;
    private long _firstKept, _lastKept;
    private long _lastPass, _firstPass, _passes;
    private long _discardBefore;
    private long _discardRequest;
    private DateTimeOffset _startedAt;

    public ProfileAccumulator(ProfileLimits limits, TimeProvider time, double configuredIntervalMs)
    {
        ArgumentNullException.ThrowIfNull(time);
        Aggregator = new ProfileAggregator(limits);
        _time = time;
        _configuredIntervalMs = configuredIntervalMs;
        _startedAt = time.GetUtcNow();
    }

    public object Gate { get; } = new();

    public ProfileAggregator Aggregator { get; }

    /// <summary>Bumps on every clear: caches of node and frame ids must be dropped when it changes.</summary>
    public int Generation { get; private set; }

    /// <summary>The OS thread id of the event-processing thread, whose samples are counted as Hotpath's own.</summary>
    public int OwnThreadId { get; set; } = -1;

    /// <summary>The interval the sampler was asked to use, in milliseconds (set once the sampler is chosen).</summary>
    public double ConfiguredIntervalMs
    {
        get => _configuredIntervalMs;
        set => _configuredIntervalMs = value;
    }

    /// <summary>
    /// The interval measured by the sampler itself (the perf sampler: CPU time per sample), replacing the estimate from
    /// sampling passes, which only means something for EventPipe's all-threads-at-once sampler; null to use passes.
    /// </summary>
    public double? MeasuredIntervalMs { get; set; }

    /// <summary>Counts another of Hotpath's own threads (besides <see cref="OwnThreadId"/>) as own; call under <see cref="Gate"/>.</summary>
    public void AddOwnThread(int threadId)
    {
        if (threadId > 0 && Array.IndexOf(_otherOwnThreads, threadId) < 0)
        {
            _otherOwnThreads = [.. _otherOwnThreads, threadId];
        }
    }

    /// <summary>Whether a sample at <paramref name="timestamp"/> of <paramref name="requestId"/> falls before a clear or in the discarded request.</summary>
    public bool IsDiscarded(long timestamp, long requestId) =>
        timestamp <= _discardBefore || (requestId > 0 && requestId == _discardRequest);

    /// <summary>Whether <paramref name="threadId"/> is one of Hotpath's own threads.</summary>
    public bool IsOwnThread(int threadId) => threadId == OwnThreadId || Array.IndexOf(_otherOwnThreads, threadId) >= 0;

    /// <summary>
    /// Decides what to do with one sample; call under <see cref="Gate"/>. Returns false when the sample is not to be
    /// aggregated (idle, or discarded), having counted it; otherwise tells whether it belongs to a request.
    /// </summary>
    public bool TryAdmit(long timestamp, int threadId, bool managed, long requestId, out bool inRequest)
    {
        inRequest = false;
        if (timestamp - _lastPass > PassGap)
        {
            if (_passes == 0)
            {
                _firstPass = timestamp;
            }

            _passes++;
            _lastPass = timestamp;
        }

        if (timestamp <= _discardBefore || (requestId > 0 && requestId == _discardRequest))
        {
            _discarded++;
            return false;
        }

        if (!managed)
        {
            _idle++;
            return false;
        }

        if (_firstKept == 0)
        {
            _firstKept = timestamp;
        }

        _lastKept = Math.Max(_lastKept, timestamp);
        if (IsOwnThread(threadId))
        {
            _own++;
            return true;
        }

        if (requestId < 0)
        {
            _unattributed++;
        }

        inRequest = requestId > 0;
        return true;
    }

    /// <summary>Counts a completed request. Lock-free: request threads must never wait for the event thread, which holds
    /// <see cref="Gate"/> while it symbolizes (and, on a busy core, may be preempted while holding it).</summary>
    public void NoteRequest() => Interlocked.Increment(ref _requests);

    /// <summary>
    /// Forgets everything sampled up to <paramref name="timestamp"/> (and any later sample of
    /// <paramref name="requestId"/>, e.g. a late continuation of the discarded first request).
    /// </summary>
    public void Clear(long timestamp, long requestId = 0)
    {
        lock (Gate)
        {
            _discarded += Aggregator.ProcessSamples;
            Aggregator.Clear();
            Generation++;
            _discardBefore = Math.Max(_discardBefore, timestamp);
            if (requestId != 0)
            {
                _discardRequest = requestId;
            }

            _idle = _own = _unattributed = 0;
            Interlocked.Exchange(ref _requests, 0);
            _firstKept = _lastKept = 0;
            _startedAt = _time.GetUtcNow();
        }
    }

    public ProfileSnapshot Snapshot()
    {
        lock (Gate)
        {
            return Aggregator.Snapshot(CurrentTotals(), _startedAt, _time.GetUtcNow());
        }
    }

    /// <summary>Samples whose request could not be told because the thread's switch log had wrapped.</summary>
    public long UnattributedSamples
    {
        get
        {
            lock (Gate)
            {
                return _unattributed;
            }
        }
    }

    private ProfileTotals CurrentTotals()
    {
        var span = _lastKept > _firstKept ? (_lastKept - _firstKept) * 1000.0 / Stopwatch.Frequency : 0;
        double? interval = _passes > 10 ? (_lastPass - _firstPass) * 1000.0 / Stopwatch.Frequency / (_passes - 1) : null;
        return new ProfileTotals
        {
            IdleSamples = _idle,
            DiscardedSamples = _discarded,
            OwnSamples = _own,
            Requests = Interlocked.Read(ref _requests),
            WallSpanMs = span,
            EffectiveIntervalMs = MeasuredIntervalMs ?? interval,
            ConfiguredIntervalMs = _configuredIntervalMs,
        };
    }
}
