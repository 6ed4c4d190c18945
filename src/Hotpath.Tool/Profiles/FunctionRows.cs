using Hotpath.Model;

namespace Hotpath.Tool.Profiles;

/// <summary>One function of a view: its frame and its self and total samples (recursion counted once per sample).</summary>
internal sealed record FunctionRow(FrameInfo Frame, long Self, long Total);

/// <summary>
/// The per-function totals of a <see cref="ProfileView"/>, walking the view's own tree (the engine's FunctionTable reads
/// a snapshot's storage; the CLI's report and diff must follow the view, which may carry a transformed tree).
/// </summary>
internal static class FunctionRows
{
    public static IReadOnlyList<FunctionRow> Compute(ProfileView view)
    {
        var frames = view.Frames;
        var self = new long[frames.Count];
        var total = new long[frames.Count];
        var lastVisit = new int[frames.Count];
        var visit = 0;
        for (var node = 1; node < view.NodeCount; node++)
        {
            var weight = view.Weights[node];
            if (weight == 0)
            {
                continue;
            }

            self[view.NodeFrame[node]] += weight;
            visit++;
            for (var n = node; n > 0; n = view.NodeParent[n])
            {
                var frame = view.NodeFrame[n];
                if (lastVisit[frame] != visit)
                {
                    lastVisit[frame] = visit;
                    total[frame] += weight;
                }
            }
        }

        var rows = new List<FunctionRow>();
        for (var f = 0; f < frames.Count; f++)
        {
            if (total[f] > 0)
            {
                rows.Add(new FunctionRow(frames[f], self[f], total[f]));
            }
        }

        return rows;
    }
}
