using Hotpath.Model;

namespace Hotpath.Aggregation;

/// <summary>
/// Accumulates sampled stacks into a bounded call tree of interned frames, with a count per scope.
/// Not thread-safe: one writer (the event-processing thread) and callers that synchronise around it.
/// </summary>
/// <remarks>
/// Bounds: at most <see cref="ProfileLimits.MaxFrames"/> frames and <see cref="ProfileLimits.MaxNodes"/> nodes (plus a
/// small reserve for <c>[other]</c> children), and an estimate of bytes under <see cref="ProfileLimits.MaxBytes"/>.
/// Past a cap a sample is charged to an <c>[other]</c> child of the deepest prefix that exists, and counted as merged:
/// nothing grows without bound and nothing is dropped silently.
/// </remarks>
internal sealed class ProfileAggregator
{
    internal const int RootNode = 0;
    internal const int OtherFrame = 0;

    // Rough per-item costs used for the byte cap: arrays plus a dictionary entry per node; strings plus entries per frame.
    private const int NodeBytes = 4 + 4 + (4 * 8) + 24;
    private const int FrameOverheadBytes = 96;

    private readonly ProfileLimits _limits;
    private readonly int _reserveNodes;
    // Keyed by name and module only: the same method seen once without and once with a source location is one frame.
    private readonly Dictionary<(string Name, string Module), int> _frameIds = new();
    private readonly List<FrameInfo> _frames = new();
    private readonly Dictionary<long, int> _children = new();
    private int[] _parent = new int[1024];
    private int[] _frame = new int[1024];
    private long[] _processCounts = new long[1024];
    private long[] _requestCounts = new long[1024];
    private long[] _processWaits = new long[1024];
    private long[] _requestWaits = new long[1024];
    private int _nodeCount;
    private int _rootOther;
    private long _bytes;

    public ProfileAggregator(ProfileLimits? limits = null)
    {
        _limits = limits ?? ProfileLimits.Default;
        if (_limits.MaxFrames < 2 || _limits.MaxNodes < 2 || _limits.MaxBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), "MaxFrames and MaxNodes must be at least 2 and MaxBytes at least 1.");
        }

        _reserveNodes = Math.Max(64, _limits.MaxNodes / 16);
        Clear();
    }

    public ProfileLimits Limits => _limits;

    public int FrameCount => _frames.Count;

    public int NodeCount => _nodeCount;

    public long EstimatedBytes => _bytes;

    public long ProcessSamples { get; private set; }

    public long RequestSamples { get; private set; }

    public long MergedSamples { get; private set; }

    public long ProcessWaitSamples { get; private set; }

    public long RequestWaitSamples { get; private set; }

    /// <summary>Forgets everything accumulated.</summary>
    public void Clear()
    {
        _frameIds.Clear();
        _frames.Clear();
        _children.Clear();
        _nodeCount = 0;
        _bytes = 0;
        ProcessSamples = 0;
        RequestSamples = 0;
        MergedSamples = 0;
        ProcessWaitSamples = 0;
        RequestWaitSamples = 0;
        AddFrameUnchecked(new FrameInfo(FrameInfo.OtherName, string.Empty));
        AddNodeUnchecked(-1, -1);
        _rootOther = AddChild(RootNode, OtherFrame, ChildKey(RootNode, OtherFrame));
    }

    /// <summary>Returns the id of a frame, interning it if there is room; past the cap, the <c>[other]</c> frame.</summary>
    public int InternFrame(FrameInfo frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_frameIds.TryGetValue((frame.Name, frame.Module), out var id))
        {
            if (frame.File is not null && _frames[id].File is null)
            {
                _frames[id] = frame;
            }

            return id;
        }

        if (_frames.Count >= _limits.MaxFrames || _bytes >= _limits.MaxBytes)
        {
            return OtherFrame;
        }

        return AddFrameUnchecked(frame);
    }

    /// <summary>Finds or adds the node for a stack given root first; returns it, negated minus one when merged into [other].</summary>
    /// <remarks>The result can be cached by the caller for an identical stack and passed to <see cref="AddSample"/>.</remarks>
    public int Intern(ReadOnlySpan<int> framesRootFirst)
    {
        var node = RootNode;
        var merged = false;
        foreach (var frame in framesRootFirst)
        {
            merged |= frame == OtherFrame;
            var key = ChildKey(node, frame);
            if (_children.TryGetValue(key, out var child))
            {
                node = child;
                continue;
            }

            if (_nodeCount < _limits.MaxNodes && _bytes < _limits.MaxBytes)
            {
                node = AddChild(node, frame, key);
                continue;
            }

            return -1 - OtherChildOf(node);
        }

        return merged ? -1 - node : node;
    }

    /// <summary>Counts one sample at a node returned by <see cref="Intern"/>.</summary>
    public void AddSample(int internedNode, bool inRequest, long weight = 1, ProfileMeasure measure = ProfileMeasure.Cpu)
    {
        var node = internedNode;
        if (node < 0)
        {
            node = -1 - node;
            MergedSamples += weight;
        }

        if (measure == ProfileMeasure.Wait)
        {
            _processWaits[node] += weight;
            ProcessWaitSamples += weight;
            if (inRequest)
            {
                _requestWaits[node] += weight;
                RequestWaitSamples += weight;
            }

            return;
        }

        _processCounts[node] += weight;
        ProcessSamples += weight;
        if (inRequest)
        {
            _requestCounts[node] += weight;
            RequestSamples += weight;
        }
    }

    /// <summary>Interns a stack and counts one sample for it.</summary>
    public void Add(ReadOnlySpan<int> framesRootFirst, bool inRequest, long weight = 1) =>
        AddSample(Intern(framesRootFirst), inRequest, weight);

    /// <summary>Copies the aggregate into an immutable snapshot.</summary>
    public ProfileSnapshot Snapshot(ProfileTotals totals, DateTimeOffset startedAt, DateTimeOffset capturedAt)
    {
        var n = _nodeCount;
        return new ProfileSnapshot(
            _frames.ToArray(),
            _parent.AsSpan(0, n).ToArray(),
            _frame.AsSpan(0, n).ToArray(),
            _processCounts.AsSpan(0, n).ToArray(),
            _requestCounts.AsSpan(0, n).ToArray(),
            totals with
            {
                ProcessSamples = ProcessSamples,
                RequestSamples = RequestSamples,
                MergedSamples = MergedSamples,
                ProcessWaitSamples = ProcessWaitSamples,
                RequestWaitSamples = RequestWaitSamples,
            },
            startedAt,
            capturedAt,
            _processWaits.AsSpan(0, n).ToArray(),
            _requestWaits.AsSpan(0, n).ToArray());
    }

    private static long ChildKey(int parent, int frame) => ((long)parent << 32) | (uint)frame;

    private int OtherChildOf(int node)
    {
        var key = ChildKey(node, OtherFrame);
        if (_children.TryGetValue(key, out var other))
        {
            return other;
        }

        // A bounded reserve lets each crowded prefix get its own [other]; after that everything shares the root's.
        var roomForReserve = _nodeCount < _limits.MaxNodes + _reserveNodes && _bytes < _limits.MaxBytes + ((long)_reserveNodes * NodeBytes);
        return roomForReserve ? AddChild(node, OtherFrame, key) : _rootOther;
    }

    private int AddChild(int parent, int frame, long key)
    {
        var node = AddNodeUnchecked(parent, frame);
        _children.Add(key, node);
        return node;
    }

    private int AddNodeUnchecked(int parent, int frame)
    {
        if (_nodeCount == _parent.Length)
        {
            var size = _parent.Length * 2;
            Array.Resize(ref _parent, size);
            Array.Resize(ref _frame, size);
            Array.Resize(ref _processCounts, size);
            Array.Resize(ref _requestCounts, size);
            Array.Resize(ref _processWaits, size);
            Array.Resize(ref _requestWaits, size);
        }

        var node = _nodeCount++;
        _parent[node] = parent;
        _frame[node] = frame;
        _processCounts[node] = 0;
        _requestCounts[node] = 0;
        _processWaits[node] = 0;
        _requestWaits[node] = 0;
        _bytes += NodeBytes;
        return node;
    }

    private int AddFrameUnchecked(FrameInfo frame)
    {
        var id = _frames.Count;
        _frames.Add(frame);
        _frameIds.Add((frame.Name, frame.Module), id);
        _bytes += FrameOverheadBytes + (2L * (frame.Name.Length + frame.Module.Length + (frame.File?.Length ?? 0)));
        return id;
    }
}
