using System.Collections.ObjectModel;
using Hotpath.Model;
using Hotpath.Requests;

namespace Hotpath.Aggregation;

/// <summary>
/// Accumulates sampled stacks into a bounded call tree of interned frames, and rows (node, label set, CPU and wait
/// values) as pprof stores samples. Not thread-safe: one writer (the event-processing thread) and callers that
/// synchronise around it.
/// </summary>
/// <remarks>
/// Bounds: at most <see cref="ProfileLimits.MaxFrames"/> frames and <see cref="ProfileLimits.MaxNodes"/> nodes (plus a
/// small reserve for <c>[other]</c> children), and an estimate of bytes under <see cref="ProfileLimits.MaxBytes"/>.
/// Past a cap a sample is charged to an <c>[other]</c> child of the deepest prefix that exists, and counted as merged:
/// nothing grows without bound and nothing is dropped silently. Node arrays are append-only (a clear allocates new
/// ones), so snapshots share them instead of copying.
/// </remarks>
internal sealed partial class ProfileAggregator
{
    internal const int RootNode = 0;
    internal const int OtherFrame = 0;

    /// <summary>The label set of samples taken while no request ran.</summary>
    internal const int ProcessLabel = 0;

    /// <summary>The label set of request samples without endpoint or request label (no endpoint, or past the byte cap).</summary>
    internal const int AnyRequestLabel = 1;

    // Rough per-item costs used for the byte cap: arrays plus a dictionary entry per node or row; strings plus entries per frame.
    private const int NodeBytes = 4 + 4 + 24;
    private const int RowBytes = 24 + 24 + 4;
    private const int FrameOverheadBytes = 96;

    private readonly ProfileLimits _limits;
    private readonly int _reserveNodes;
    // Keyed by name and module only: the same method seen once without and once with a source location is one frame.
    private readonly Dictionary<(string Name, string Module), int> _frameIds = new();
    private readonly List<FrameInfo> _frames = new();
    private readonly Dictionary<long, int> _children = new();
    private readonly Dictionary<long, int> _rowIds = new();
    private readonly Stack<int> _freeRows = new();
    private ReadOnlyCollection<FrameInfo>? _framesCopy;
    private int[] _parent = [];
    private int[] _frame = [];
    private ProfileRow[] _rows = [];
    private int _nodeCount;
    private int _rowCount;
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

    /// <summary>Row slots in use (freed rows are reused).</summary>
    public int RowCount => _rowCount - _freeRows.Count;

    public long EstimatedBytes => _bytes;

    public long ProcessSamples { get; private set; }

    public long RequestSamples { get; private set; }

    public long MergedSamples { get; private set; }

    public long ProcessWaitSamples { get; private set; }

    public long RequestWaitSamples { get; private set; }

    public long UnlabelledSamples { get; private set; }

    /// <summary>Forgets everything accumulated.</summary>
    public void Clear()
    {
        _frameIds.Clear();
        _frames.Clear();
        _framesCopy = null;
        _children.Clear();
        _rowIds.Clear();
        _freeRows.Clear();
        // New arrays, never reused: snapshots taken before the clear keep reading the old ones.
        _parent = new int[1024];
        _frame = new int[1024];
        _rows = new ProfileRow[1024];
        _nodeCount = 0;
        _rowCount = 0;
        _bytes = 0;
        ProcessSamples = RequestSamples = MergedSamples = ProcessWaitSamples = RequestWaitSamples = UnlabelledSamples = 0;
        ClearLabels();
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
                _framesCopy = null;
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
    /// <remarks>The result can be cached by the caller for an identical stack and passed to <see cref="AddSample(int, bool, long, ProfileMeasure)"/>.</remarks>
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

    /// <summary>Counts one sample at a node returned by <see cref="Intern"/>, in the process scope or (unlabelled) in the requests scope.</summary>
    public void AddSample(int internedNode, bool inRequest, long weight = 1, ProfileMeasure measure = ProfileMeasure.Cpu) =>
        AddSample(internedNode, inRequest ? AnyRequestLabel : ProcessLabel, weight, measure);

    /// <summary>Interns a stack and counts one sample for it.</summary>
    public void Add(ReadOnlySpan<int> framesRootFirst, bool inRequest, long weight = 1) =>
        AddSample(Intern(framesRootFirst), inRequest, weight);

    /// <summary>Counts samples at a node (as returned by <see cref="Intern"/>) under a label set.</summary>
    internal void AddSample(int internedNode, int label, long weight, ProfileMeasure measure)
    {
        var node = internedNode;
        if (node < 0)
        {
            node = -1 - node;
            MergedSamples += weight;
        }

        var inRequest = label != ProcessLabel;
        if (measure == ProfileMeasure.Wait)
        {
            ProcessWaitSamples += weight;
            RequestWaitSamples += inRequest ? weight : 0;
        }
        else
        {
            ProcessSamples += weight;
            RequestSamples += inRequest ? weight : 0;
        }

        var row = RowFor(node, label, weight);
        var r = _rows[row];
        _rows[row] = measure == ProfileMeasure.Wait ? r with { Wait = r.Wait + weight } : r with { Cpu = r.Cpu + weight };
    }

    /// <summary>Copies what changes (rows, and frames or labels when they changed) into an immutable snapshot; node arrays are shared.</summary>
    public ProfileSnapshot Snapshot(ProfileTotals totals, DateTimeOffset startedAt, DateTimeOffset capturedAt)
    {
        ArgumentNullException.ThrowIfNull(totals);
        _framesCopy ??= Array.AsReadOnly(_frames.ToArray());
        var (labels, requests) = LabelsSnapshot();
        return new ProfileSnapshot(
            _framesCopy,
            new ReadOnlyMemory<int>(_parent, 0, _nodeCount),
            new ReadOnlyMemory<int>(_frame, 0, _nodeCount),
            labels,
            _rows.AsSpan(0, _rowCount).ToArray(),
            totals with
            {
                ProcessSamples = ProcessSamples,
                RequestSamples = RequestSamples,
                MergedSamples = MergedSamples,
                ProcessWaitSamples = ProcessWaitSamples,
                RequestWaitSamples = RequestWaitSamples,
                UnlabelledSamples = UnlabelledSamples,
                DroppedRequestProfiles = DroppedProfiles,
            },
            startedAt,
            capturedAt,
            requests);
    }

    private int RowFor(int node, int label, long weight)
    {
        var key = ((long)node << 32) | (uint)label;
        if (_rowIds.TryGetValue(key, out var row))
        {
            return row;
        }

        // Rows of the two fixed label sets are bounded by the node count; labelled rows must fit under the byte cap.
        if (label > AnyRequestLabel && _bytes >= _limits.MaxBytes && !MakeRoom())
        {
            UnlabelledSamples += weight;
            return RowFor(node, AnyRequestLabel, weight);
        }

        row = NewRow(node, label);
        _rowIds.Add(key, row);
        NoteRow(label, row);
        return row;
    }

    private int NewRow(int node, int label)
    {
        int row;
        if (_freeRows.Count > 0)
        {
            row = _freeRows.Pop();
        }
        else
        {
            if (_rowCount == _rows.Length)
            {
                Array.Resize(ref _rows, _rows.Length * 2);
            }

            row = _rowCount++;
            _bytes += RowBytes;
        }

        _rows[row] = new ProfileRow(node, label, 0, 0);
        return row;
    }

    /// <summary>Moves a row's values to (its node, <paramref name="target"/>) and frees it.</summary>
    private void MoveRow(int row, int target)
    {
        var r = _rows[row];
        _rowIds.Remove(((long)r.Node << 32) | (uint)r.LabelSet);
        _rows[row] = default;
        _freeRows.Push(row);
        if (r.Cpu == 0 && r.Wait == 0)
        {
            return;
        }

        var key = ((long)r.Node << 32) | (uint)target;
        if (!_rowIds.TryGetValue(key, out var into))
        {
            into = NewRow(r.Node, target);
            _rowIds.Add(key, into);
            NoteRow(target, into);
        }

        var t = _rows[into];
        _rows[into] = t with { Cpu = t.Cpu + r.Cpu, Wait = t.Wait + r.Wait };
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
            // Resizing makes new arrays: snapshots keep the old ones, which are never written again.
            var size = _parent.Length * 2;
            Array.Resize(ref _parent, size);
            Array.Resize(ref _frame, size);
        }

        var node = _nodeCount++;
        _parent[node] = parent;
        _frame[node] = frame;
        _bytes += NodeBytes;
        return node;
    }

    private int AddFrameUnchecked(FrameInfo frame)
    {
        var id = _frames.Count;
        _frames.Add(frame);
        _framesCopy = null;
        _frameIds.Add((frame.Name, frame.Module), id);
        _bytes += FrameOverheadBytes + (2L * (frame.Name.Length + frame.Module.Length + (frame.File?.Length ?? 0)));
        return id;
    }
}
