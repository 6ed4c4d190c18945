using Hotpath.Model;

namespace Hotpath.AspNetCore.Pyroscope;

/// <summary>
/// The samples taken between two snapshots of one accumulating profile, as a view. Nodes only ever get appended and a
/// scope's per-node weights only grow until the profile is cleared (which moves <see cref="ProfileSnapshot.StartedAt"/>;
/// folding a request's rows into its endpoint relabels them without changing any scope's weight), so the delta is a
/// per-node subtraction of two views; after a clear, everything in the new snapshot is new.
/// </summary>
internal static class ProfileDelta
{
    public static ProfileView Between(ProfileSnapshot? previous, ProfileSnapshot current, ProfileFilter filter)
    {
        var now = ProfileView.Create(current, filter);
        var same = previous is not null && previous.StartedAt == current.StartedAt && previous.NodeCount <= current.NodeCount;
        if (!same)
        {
            return now;
        }

        var before = ProfileView.Create(previous!, filter).Weights;
        var weights = new long[now.NodeCount];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Max(0, now.Weights[i] - (i < before.Count ? before[i] : 0));
        }

        return ProfileView.FromTree(now, now.Frames, now.NodeParent, now.NodeFrame, weights);
    }

    /// <summary>When the delta's samples start: the previous snapshot's capture, or the profile's start after a clear.</summary>
    public static DateTimeOffset From(ProfileSnapshot? previous, ProfileSnapshot current) =>
        previous is not null && previous.StartedAt == current.StartedAt ? previous.CapturedAt : current.StartedAt;
}
