using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>
/// Who calls a function and whom it calls, merged over every call site (pstats' print_callers/print_callees). Each
/// sample counts once per caller and once per callee however often the function recurs on its stack, so no edge
/// exceeds the function's total.
/// </summary>
/// <param name="Function">The function's frame index.</param>
/// <param name="Self">Samples with the function on top.</param>
/// <param name="Total">Samples with the function anywhere on the stack.</param>
/// <param name="Callers">Calling functions (frame index, samples through that edge), largest first; -1 stands for "stack root".</param>
/// <param name="Callees">Called functions, largest first.</param>
public sealed record CallersCallees(int Function, long Self, long Total, IReadOnlyList<(int Frame, long Samples)> Callers, IReadOnlyList<(int Frame, long Samples)> Callees)
{
    /// <summary>Computes the callers and callees of <paramref name="function"/> in <paramref name="view"/>.</summary>
    public static CallersCallees Compute(ProfileView view, int function)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentOutOfRangeException.ThrowIfNegative(function);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(function, view.Frames.Count);
        var count = view.NodeCount;
        var contains = new bool[count];
        for (var n = 1; n < count; n++)
        {
            contains[n] = contains[view.NodeParent[n]] || view.NodeFrame[n] == function;
        }

        var callers = new Dictionary<int, long>();
        var callees = new Dictionary<int, long>();
        var seenCallers = new HashSet<int>();
        var seenCallees = new HashSet<int>();
        long self = 0, total = 0;
        for (var n = 1; n < count; n++)
        {
            var weight = view.Weights[n];
            if (weight == 0 || !contains[n])
            {
                continue;
            }

            total += weight;
            if (view.NodeFrame[n] == function)
            {
                self += weight;
            }

            seenCallers.Clear();
            seenCallees.Clear();
            var below = -1; // the frame called by the node being looked at (toward the leaf)
            for (var m = n; m > 0; m = view.NodeParent[m])
            {
                if (view.NodeFrame[m] == function)
                {
                    var parent = view.NodeParent[m];
                    var caller = parent > 0 ? view.NodeFrame[parent] : -1;
                    if (caller != function && seenCallers.Add(caller))
                    {
                        callers[caller] = callers.GetValueOrDefault(caller) + weight;
                    }

                    if (below >= 0 && below != function && seenCallees.Add(below))
                    {
                        callees[below] = callees.GetValueOrDefault(below) + weight;
                    }
                }

                below = view.NodeFrame[m];
            }
        }

        return new CallersCallees(function, self, total, Sorted(callers), Sorted(callees));
    }

    private static List<(int Frame, long Samples)> Sorted(Dictionary<int, long> edges) =>
        edges.Select(e => (e.Key, e.Value)).OrderByDescending(e => e.Value).ThenBy(e => e.Key).ToList();
}
