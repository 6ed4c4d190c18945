using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>Computes per-function self and total samples from a view's call tree (the pstats view).</summary>
public static class FunctionTable
{
    /// <summary>Returns one row per function that has at least one sample in <paramref name="view"/>, in frame order.</summary>
    public static IReadOnlyList<FunctionStats> Compute(ProfileView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var weights = view.Weights;
        var parents = view.NodeParent;
        var nodeFrames = view.NodeFrame;
        var frameCount = view.Frames.Count;
        var self = new long[frameCount];
        var total = new long[frameCount];

        // Visit marks make recursion count once per sample: a frame is charged only the first time it is met on a path.
        var lastVisit = new int[frameCount];
        var visit = 0;
        var nodeCount = view.NodeCount;
        for (var node = 1; node < nodeCount; node++)
        {
            var count = weights[node];
            if (count == 0)
            {
                continue;
            }

            self[nodeFrames[node]] += count;
            visit++;
            for (var n = node; n > 0; n = parents[n])
            {
                var frame = nodeFrames[n];
                if (lastVisit[frame] != visit)
                {
                    lastVisit[frame] = visit;
                    total[frame] += count;
                }
            }
        }

        var rows = new List<FunctionStats>();
        for (var f = 0; f < frameCount; f++)
        {
            if (total[f] > 0)
            {
                rows.Add(new FunctionStats(f, view.Frames[f], self[f], total[f]));
            }
        }

        return rows;
    }

    /// <summary>The table of one scope's CPU samples (<see cref="ProfileView.Create"/> with that scope).</summary>
    public static IReadOnlyList<FunctionStats> Compute(ProfileSnapshot snapshot, ProfileScope scope) =>
        Compute(ProfileView.Create(snapshot, new ProfileFilter { Scope = scope }));
}
