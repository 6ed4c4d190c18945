using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>Computes per-function self and total samples from a snapshot's call tree (the pstats view).</summary>
public static class FunctionTable
{
    /// <summary>Returns one row per function that has at least one sample in <paramref name="scope"/>, in frame order.</summary>
    public static IReadOnlyList<FunctionStats> Compute(ProfileSnapshot snapshot, ProfileScope scope)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Compute(snapshot, snapshot.Counts(scope));
    }

    /// <summary>Returns one row per function that has weight in <paramref name="view"/> (its scope and measure), in frame order.</summary>
    public static IReadOnlyList<FunctionStats> Compute(ProfileView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return Compute(view.Snapshot, view.Weights);
    }

    private static IReadOnlyList<FunctionStats> Compute(ProfileSnapshot snapshot, IReadOnlyList<long> counts)
    {
        var frameCount = snapshot.Frames.Count;
        var self = new long[frameCount];
        var total = new long[frameCount];

        // Visit marks make recursion count once per sample: a frame is charged only the first time it is met on a path.
        var lastVisit = new int[frameCount];
        var visit = 0;
        for (var node = 1; node < snapshot.NodeCount; node++)
        {
            var count = counts[node];
            if (count == 0)
            {
                continue;
            }

            self[snapshot.NodeFrame[node]] += count;
            visit++;
            for (var n = node; n > 0; n = snapshot.NodeParent[n])
            {
                var frame = snapshot.NodeFrame[n];
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
                rows.Add(new FunctionStats(f, snapshot.Frames[f], self[f], total[f]));
            }
        }

        return rows;
    }
}
