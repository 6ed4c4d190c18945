using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>
/// A view's tree in depth-first order as parallel arrays, the encoding the canvas renderer draws from without building
/// objects: entry i is a node at <see cref="Depth"/>[i] whose parent is the nearest earlier entry one level up, and whose
/// x offset is its parent's plus the totals of its earlier siblings. Children come largest first; empty subtrees are left out.
/// </summary>
/// <param name="Node">The view's node id of each entry (for the call tree's expand and the callers view).</param>
/// <param name="Frame">Each entry's frame index in the view's <see cref="ProfileView.Frames"/>; -1 for the root entry 0.</param>
/// <param name="Depth">Each entry's depth: 0 for the root.</param>
/// <param name="Total">Samples in each entry's subtree.</param>
/// <param name="Self">Samples that ended at each entry.</param>
public sealed record FlameGraph(int[] Node, int[] Frame, int[] Depth, long[] Total, long[] Self)
{
    /// <summary>
    /// Lays out <paramref name="tree"/> from <paramref name="root"/> down (the root's ancestors come first, one entry per
    /// level, so a zoomed graph still shows the path to it). Subtrees smaller than <paramref name="minTotal"/> samples are
    /// left out; their samples stay in the parent's total, so the client can tell that something was hidden.
    /// </summary>
    public static FlameGraph Compute(CallTree tree, long minTotal = 1, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, tree.NodeCount);
        minTotal = Math.Max(1, minTotal);
        var node = new List<int>();
        var frame = new List<int>();
        var depth = new List<int>();
        var total = new List<long>();
        var self = new List<long>();
        var chain = new List<int>();
        for (var n = tree.Parent(root); n >= 0; n = tree.Parent(n))
        {
            chain.Add(n);
        }

        chain.Reverse();
        for (var i = 0; i < chain.Count; i++)
        {
            node.Add(chain[i]);
            frame.Add(tree.Frame(chain[i]));
            depth.Add(i);
            total.Add(tree.Total(chain[i]));
            self.Add(tree.Self(chain[i]));
        }

        var stack = new Stack<(int Node, int Depth)>();
        stack.Push((root, chain.Count));
        while (stack.Count > 0)
        {
            var (n, d) = stack.Pop();
            node.Add(n);
            frame.Add(tree.Frame(n));
            depth.Add(d);
            total.Add(tree.Total(n));
            self.Add(tree.Self(n));
            var children = tree.Children(n);
            for (var i = children.Length - 1; i >= 0; i--)
            {
                if (tree.Total(children[i]) >= minTotal)
                {
                    stack.Push((children[i], d + 1));
                }
            }
        }

        return new FlameGraph(node.ToArray(), frame.ToArray(), depth.ToArray(), total.ToArray(), self.ToArray());
    }
}
