namespace Hotpath.Model;

/// <summary>
/// One filtered reading of a snapshot: a call tree (<see cref="Frames"/>, <see cref="NodeParent"/>,
/// <see cref="NodeFrame"/>) with an exclusive weight per node for the samples a <see cref="ProfileFilter"/> selects.
/// Views and exporters walk this tree, never the snapshot's storage: a view may carry a transformed tree (re-rooted
/// per endpoint, framework frames folded), so always use the view's own tree.
/// </summary>
public sealed class ProfileView
{
    private ProfileView(ProfileSnapshot snapshot, ProfileFilter filter, long[] weights)
    {
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
    public IReadOnlyList<FrameInfo> Frames => Snapshot.Frames;

    /// <summary>Each node's parent (-1 for the root, node 0); a parent's index is always smaller than its child's.</summary>
    public IReadOnlyList<int> NodeParent => Snapshot.NodeParent;

    /// <summary>Each node's frame index (-1 for the root).</summary>
    public IReadOnlyList<int> NodeFrame => Snapshot.NodeFrame;

    /// <summary>The number of nodes, root included.</summary>
    public int NodeCount => Snapshot.NodeCount;

    /// <summary>Exclusive weight (samples) per node, indexed like the snapshot's nodes; the root's is 0.</summary>
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
}
