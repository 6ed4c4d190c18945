namespace Hotpath.Model;

/// <summary>
/// One filtered reading of a snapshot: a call tree (<see cref="Frames"/>, <see cref="NodeParent"/>,
/// <see cref="NodeFrame"/>) with an exclusive weight per node for the samples a <see cref="ProfileFilter"/> selects.
/// Views and exporters walk this tree, never the snapshot's storage: a view may carry a transformed tree (re-rooted
/// per endpoint, framework frames folded), so always use the view's own tree.
/// </summary>
public sealed class ProfileView
{
    private readonly IReadOnlyList<FrameInfo>? _frames;
    private readonly int[]? _nodeParent;
    private readonly int[]? _nodeFrame;

    private ProfileView(ProfileSnapshot snapshot, ProfileFilter filter, long[] weights, IReadOnlyList<FrameInfo>? frames = null, int[]? nodeParent = null, int[]? nodeFrame = null)
    {
        _frames = frames;
        _nodeParent = nodeParent;
        _nodeFrame = nodeFrame;
        Snapshot = snapshot;
        Filter = filter;
        Weights = weights;
        long total = 0;
        foreach (var w in weights)
        {
            total += w;
        }

        Total = total;
    }

    /// <summary>The snapshot read.</summary>
    public ProfileSnapshot Snapshot { get; }

    /// <summary>What was selected.</summary>
    public ProfileFilter Filter { get; }

    /// <summary>Interned frames; nodes refer to them by index.</summary>
    public IReadOnlyList<FrameInfo> Frames => _frames ?? Snapshot.Frames;

    /// <summary>Each node's parent (-1 for the root, node 0); a parent's index is always smaller than its child's.</summary>
    public IReadOnlyList<int> NodeParent => _nodeParent ?? Snapshot.NodeParent;

    /// <summary>Each node's frame index (-1 for the root).</summary>
    public IReadOnlyList<int> NodeFrame => _nodeFrame ?? Snapshot.NodeFrame;

    /// <summary>The number of nodes, root included.</summary>
    public int NodeCount => _nodeParent?.Length ?? Snapshot.NodeCount;

    /// <summary>Exclusive weight (samples) per node, indexed like this view's nodes; the root's is 0.</summary>
    public IReadOnlyList<long> Weights { get; }

    /// <summary>The sum of <see cref="Weights"/>.</summary>
    public long Total { get; }

    /// <summary>Milliseconds one sample stands for: the measured interval where known, else the configured one.</summary>
    public double IntervalMs => Snapshot.Totals.EffectiveIntervalMs ?? Snapshot.Totals.ConfiguredIntervalMs;

    /// <summary>Selects the samples <paramref name="filter"/> describes.</summary>
    /// <exception cref="NotSupportedException">The snapshot holds no per-endpoint or per-request data for the filter.</exception>
    public static ProfileView Create(ProfileSnapshot snapshot, ProfileFilter filter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Endpoint is not null || filter.RequestId is not null)
        {
            throw new NotSupportedException("This snapshot has no per-endpoint or per-request samples.");
        }

        return new ProfileView(snapshot, filter, snapshot.CountsOf(filter.Scope, filter.Measure));
    }

    /// <summary>
    /// A view of the same samples over a transformed tree (folded frames, new roots): same snapshot and filter, its own
    /// frames and nodes. Node 0 must be the root and every parent must have a smaller index than its children.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays differ in length or break the tree's ordering.</exception>
    public static ProfileView FromTree(ProfileView source, IReadOnlyList<FrameInfo> frames, int[] nodeParent, int[] nodeFrame, long[] weights)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(nodeParent);
        ArgumentNullException.ThrowIfNull(nodeFrame);
        ArgumentNullException.ThrowIfNull(weights);
        if (nodeParent.Length == 0 || nodeFrame.Length != nodeParent.Length || weights.Length != nodeParent.Length || nodeParent[0] != -1)
        {
            throw new ArgumentException("A tree needs a root (node 0, parent -1) and one parent, frame and weight per node.", nameof(nodeParent));
        }

        for (var n = 1; n < nodeParent.Length; n++)
        {
            if (nodeParent[n] < 0 || nodeParent[n] >= n || nodeFrame[n] < 0 || nodeFrame[n] >= frames.Count)
            {
                throw new ArgumentException($"Node {n} has parent {nodeParent[n]} and frame {nodeFrame[n]}: parents must come first and frames exist.", nameof(nodeParent));
            }
        }

        return new ProfileView(source.Snapshot, source.Filter, weights, frames, nodeParent, nodeFrame);
    }
}
