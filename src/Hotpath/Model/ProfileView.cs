namespace Hotpath.Model;

/// <summary>
/// One filtered reading of a snapshot: an exclusive weight per call-tree node for the samples a
/// <see cref="ProfileFilter"/> selects. Views and exporters walk the snapshot's tree with these weights and never
/// look at how samples are stored.
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
