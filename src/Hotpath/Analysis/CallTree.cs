using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>
/// The top-down call tree of a view: each node's inclusive total and its children sorted by total (largest first).
/// Node ids are the view's node indexes.
/// </summary>
public sealed class CallTree
{
    private readonly long[] _total;
    private readonly int[] _childStart;
    private readonly int[] _children;

    private CallTree(ProfileView view, long[] total, int[] childStart, int[] children)
    {
        View = view;
        _total = total;
        _childStart = childStart;
        _children = children;
    }

    /// <summary>The view the tree reads.</summary>
    public ProfileView View { get; }

    /// <summary>The number of nodes, root (0) included.</summary>
    public int NodeCount => _total.Length;

    /// <summary>Builds the tree: one backward pass for totals, one counting sort for children.</summary>
    public static CallTree Compute(ProfileView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var count = view.NodeCount;
        var total = new long[count];
        var childStart = new int[count + 1];
        for (var n = count - 1; n >= 0; n--)
        {
            total[n] += view.Weights[n];
            if (n > 0)
            {
                total[view.NodeParent[n]] += total[n];
                childStart[view.NodeParent[n] + 1]++;
            }
        }

        for (var n = 0; n < count; n++)
        {
            childStart[n + 1] += childStart[n];
        }

        var children = new int[Math.Max(0, count - 1)];
        var fill = new int[count];
        for (var n = 1; n < count; n++)
        {
            var p = view.NodeParent[n];
            children[childStart[p] + fill[p]++] = n;
        }

        var comparer = Comparer<int>.Create((a, b) => total[b] != total[a] ? total[b].CompareTo(total[a]) : a.CompareTo(b));
        for (var n = 0; n < count; n++)
        {
            var length = childStart[n + 1] - childStart[n];
            if (length > 1)
            {
                Array.Sort(children, childStart[n], length, comparer);
            }
        }

        return new CallTree(view, total, childStart, children);
    }

    /// <summary>Samples in a node's subtree.</summary>
    public long Total(int node) => _total[node];

    /// <summary>Samples that ended at the node.</summary>
    public long Self(int node) => View.Weights[node];

    /// <summary>The node's frame index (-1 for the root).</summary>
    public int Frame(int node) => View.NodeFrame[node];

    /// <summary>The node's parent (-1 for the root).</summary>
    public int Parent(int node) => View.NodeParent[node];

    /// <summary>A node's children, largest total first (children with no samples last).</summary>
    public ReadOnlySpan<int> Children(int node) => _children.AsSpan(_childStart[node], _childStart[node + 1] - _childStart[node]);
}
