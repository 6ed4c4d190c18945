using System.Collections.Concurrent;
using System.Diagnostics;
using Hotpath.Aggregation;
using Hotpath.Model;
using Hotpath.Requests;

namespace Hotpath.Sampling;

/// <summary>
/// The accumulated profile plus everything needed to read it honestly: idle, discarded and own samples, the measured
/// sampling interval, clear and discard boundaries, and the requests (their records, which keep a profile, per-endpoint
/// latency). One writer (the event thread) and any number of readers, all under <see cref="Gate"/>.
/// </summary>
/// <remarks>
/// Samplers feed it with <see cref="TryAdmit"/> then <see cref="Add"/>, both under <see cref="Gate"/>. Request threads
/// never take <see cref="Gate"/>: <see cref="EndRequest"/> queues the end, which the event thread applies before its next
/// sample (or a reader before its snapshot).
/// </remarks>
internal sealed class ProfileAccumulator
{
    // Samples of one sampling pass carry almost the same timestamp; a larger gap starts a new pass.
    private static readonly long PassGap = Stopwatch.Frequency / 4000; // 0.25 ms
    private const int DrainOnRequestThreadAfter = 4_096;

    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<(RequestRecord Record, bool Keep)> _ends = new();
    private readonly Action<RequestRecord> _onEvicted;
    private int _pendingEnds;
    private double _configuredIntervalMs;
    private int[] _otherOwnThreads = [];
    private long _idle, _discarded, _own, _requests, _unattributed;
    private long _firstKept, _lastKept;
    private long _lastPass, _firstPass, _passes;
    private long _discardBefore;
    private long _discardRequest;
    private long _version;
    private ProfileSnapshot? _cached;
    private (long Version, long Requests, long Samples) _cachedAt = (-1, -1, -1);
    private DateTimeOffset _startedAt;

    public ProfileAccumulator(ProfileLimits limits, TimeProvider time, double configuredIntervalMs)
    {
        ArgumentNullException.ThrowIfNull(time);
        Aggregator = new ProfileAggregator(limits);
        _time = time;
        _configuredIntervalMs = configuredIntervalMs;
        _startedAt = time.GetUtcNow();
        // Called while the queue is drained, under Gate.
        _onEvicted = record => Aggregator.DropProfile(record.Id);
    }

    public object Gate { get; } = new();

    public ProfileAggregator Aggregator { get; }

    /// <summary>Bumps on every clear: caches of node and frame ids must be dropped when it changes.</summary>
    public int Generation { get; private set; }

    /// <summary>The OS thread id of the event-processing thread, whose samples are counted as Hotpath's own.</summary>
    public int OwnThreadId { get; set; } = -1;

    /// <summary>The completed requests' records (bounded); call <see cref="ApplyRequestEnds"/> first for the latest. Set its caps with <see cref="ConfigureRequests"/> before requests run.</summary>
    public RequestStore Requests { get; private set; } = new();

    /// <summary>Latency per endpoint over every completed request since the last clear; call <see cref="ApplyRequestEnds"/> first for the latest.</summary>
    public EndpointTable Endpoints { get; } = new();

    /// <summary>Sets the request store's caps; call once at start-up, before any request ends.</summary>
    public void ConfigureRequests(RequestStoreOptions options) => Requests = new RequestStore(options);
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

    /// <summary>
    /// Counts <paramref name="weight"/> samples at <paramref name="node"/> (from <c>Aggregator.Intern</c>); call under
    /// <see cref="Gate"/> after <see cref="TryAdmit"/> admitted the sample. <paramref name="requestId"/> is the request
    /// the sample belongs to when TryAdmit said it is in a request, else 0 (process only).
    /// </summary>
    public void Add(int node, long requestId, ProfileMeasure measure = ProfileMeasure.Cpu, long weight = 1)
    {
        DrainEnds();
        _version++;
        if (requestId > 0)
        {
            Aggregator.AddRequestSample(node, requestId, weight, measure);
        }
        else
        {
            Aggregator.AddSample(node, ProfileAggregator.ProcessLabel, weight, measure);
        }
    }

    /// <summary>Counts a completed request. Lock-free: request threads must never wait for the event thread, which holds
    /// <see cref="Gate"/> while it symbolizes (and, on a busy core, may be preempted while holding it).</summary>
    public void NoteRequest() => Interlocked.Increment(ref _requests);

    /// <summary>
    /// A request completed (its record is final): counts it and queues it. Applying the end — storing its record, adding
    /// it to its endpoint's latency, and either keeping its samples as its own profile (<paramref name="keep"/>) or
    /// folding them into its endpoint's — happens on the event thread before its next sample (or on a reader before its
    /// snapshot), so a request thread pays one enqueue. Never takes <see cref="Gate"/>.
    /// </summary>
    public void EndRequest(RequestRecord record, bool keep)
    {
        ArgumentNullException.ThrowIfNull(record);
        NoteRequest();
        Enqueue(record, keep);
    }

    /// <summary>Applies the queued request ends now (readers of the request list call it, so <c>hasProfile</c> is current).</summary>
    public void ApplyRequestEnds()
    {
        if (Volatile.Read(ref _pendingEnds) > 0)
        {
            lock (Gate)
            {
                DrainEnds();
            }
        }
    }

    /// <summary>
    /// Forgets everything sampled up to <paramref name="timestamp"/> (and any later sample of
    /// <paramref name="requestId"/>, e.g. a late continuation of the discarded first request), the request records and
    /// the endpoint latencies.
    /// </summary>
    public void Clear(long timestamp, long requestId = 0)
    {
        lock (Gate)
        {
            _ends.Clear();
            Interlocked.Exchange(ref _pendingEnds, 0);
            _discarded += Aggregator.ProcessSamples;
            Aggregator.Clear();
            Requests.Clear();
            Endpoints.Clear();
            Generation++;
            _version++;
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

    /// <summary>
    /// An immutable reading of the profile. The same instance is returned while nothing changed; after a change only
    /// the rows (and frames or labels, when they changed) are copied under the lock: node arrays are shared.
    /// </summary>
    public ProfileSnapshot Snapshot()
    {
        lock (Gate)
        {
            DrainEnds();
            // Samples added straight through the aggregator still change its totals, so they invalidate the cache too.
            var at = (_version, Interlocked.Read(ref _requests), Aggregator.ProcessSamples + Aggregator.ProcessWaitSamples);
            if (_cached is not null && _cachedAt == at)
            {
                return _cached;
            }

            _cached = Aggregator.Snapshot(CurrentTotals(), _startedAt, _time.GetUtcNow());
            _cachedAt = at;
            return _cached;
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

    private void Enqueue(RequestRecord record, bool keep)
    {
        _ends.Enqueue((record, keep));
        // Normally the event thread drains at its next sample; if it is not running, do not let the queue grow.
        if (Interlocked.Increment(ref _pendingEnds) > DrainOnRequestThreadAfter && Monitor.TryEnter(Gate))
        {
            try
            {
                DrainEnds();
            }
            finally
            {
                Monitor.Exit(Gate);
            }
        }
    }

    private void DrainEnds()
    {
        if (Volatile.Read(ref _pendingEnds) == 0)
        {
            return;
        }

        while (_ends.TryDequeue(out var end))
        {
            Interlocked.Decrement(ref _pendingEnds);
            _version++;
            Endpoints.Add(end.Record);
            Aggregator.EndRequest(end.Record, end.Keep);
            Requests.Add(end.Record, _onEvicted);
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
