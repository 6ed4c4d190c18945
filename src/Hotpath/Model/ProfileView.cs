namespace Hotpath.Model;

/// <summary>
/// One filtered reading of a snapshot: a call tree (<see cref="Frames"/>, <see cref="NodeParent"/>,
/// <see cref="NodeFrame"/>) with an exclusive weight per node for the samples a <see cref="ProfileFilter"/> selects.
/// Views and exporters walk this tree, never the snapshot's storage: a view may carry a transformed tree (re-rooted
/// per endpoint, framework frames folded), so always use the view's own tree.
/// </summary>
public sealed class ProfileView
{
    private ProfileView(
        ProfileSnapshot snapshot,
        ProfileFilter filter,
        IReadOnlyList<FrameInfo> frames,
        IReadOnlyList<int> nodeParent,
        IReadOnlyList<int> nodeFrame,
        IReadOnlyList<long> weights)
    {
        Snapshot = snapshot;
        Filter = filter;
        Frames = frames;
        NodeParent = nodeParent;
        NodeFrame = nodeFrame;
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
    public IReadOnlyList<FrameInfo> Frames { get; }

    /// <summary>Each node's parent (-1 for the root, node 0); a parent's index is always smaller than its child's.</summary>
    public IReadOnlyList<int> NodeParent { get; }

    /// <summary>Each node's frame index (-1 for the root).</summary>
    public IReadOnlyList<int> NodeFrame { get; }

    /// <summary>The number of nodes, root included.</summary>
    public int NodeCount => NodeParent.Count;

    /// <summary>Exclusive weight (samples) per node; the root's is 0.</summary>
    public IReadOnlyList<long> Weights { get; }

    /// <summary>The sum of <see cref="Weights"/>.</summary>
    public long Total { get; }

    /// <summary>Milliseconds one sample stands for: the measured interval where known, else the configured one.</summary>
    public double IntervalMs => Snapshot.Totals.EffectiveIntervalMs ?? Snapshot.Totals.ConfiguredIntervalMs;

    /// <summary>
    /// Selects the samples <paramref name="filter"/> describes: the rows whose label set matches (scope, endpoint,
    /// request id), valued in its measure. An endpoint or request nobody sampled gives an empty view.
    /// </summary>
    public static ProfileView Create(ProfileSnapshot snapshot, ProfileFilter filter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(filter);
        var labels = snapshot.LabelSets;
        var selected = new bool[labels.Count];
        for (var i = 0; i < selected.Length; i++)
        {
            selected[i] = labels[i].Matches(filter);
        }

        var weights = new long[snapshot.NodeCount];
        var measure = filter.Measure;
        foreach (var row in snapshot.Rows.Span)
        {
            if (selected[row.LabelSet])
            {
                weights[row.Node] += row.Value(measure);
            }
        }

        return new ProfileView(
            snapshot,
            filter,
            snapshot.Frames,
            new ReadOnlyMemoryList<int>(snapshot.NodeParent),
            new ReadOnlyMemoryList<int>(snapshot.NodeFrame),
            Array.AsReadOnly(weights));
    }

    /// <summary>
    /// A view over a transformed tree (re-rooted, folded) derived from <paramref name="source"/>: same snapshot and
    /// filter, its own frames, nodes and weights. The tree must keep the invariants (node 0 the root with parent -1 and
    /// frame -1, every parent before its child, frame indexes in range, one weight per node).
    /// </summary>
    /// <exception cref="ArgumentException">The tree breaks an invariant.</exception>
    public static ProfileView FromTree(
        ProfileView source,
        IReadOnlyList<FrameInfo> frames,
        IReadOnlyList<int> nodeParent,
        IReadOnlyList<int> nodeFrame,
        IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(nodeParent);
        ArgumentNullException.ThrowIfNull(nodeFrame);
        ArgumentNullException.ThrowIfNull(weights);
        var n = nodeParent.Count;
        if (n == 0 || nodeFrame.Count != n || weights.Count != n || nodeParent[0] != -1 || nodeFrame[0] != -1)
        {
            throw new ArgumentException("The tree needs a root (node 0: parent -1, frame -1) and one parent, frame and weight per node.", nameof(nodeParent));
        }

        for (var i = 1; i < n; i++)
        {
            if (nodeParent[i] < 0 || nodeParent[i] >= i || nodeFrame[i] < 0 || nodeFrame[i] >= frames.Count || weights[i] < 0)
            {
                throw new ArgumentException($"Node {i} breaks the tree's invariants (parent before child, frame in range, weight not negative).", nameof(nodeParent));
            }
        }

        return new ProfileView(source.Snapshot, source.Filter, frames, nodeParent, nodeFrame, weights);
    }
}
