using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>Builds a new call tree node by node (parents first), for views whose tree is a transformed copy.</summary>
internal sealed class TreeBuilder
{
    private readonly Dictionary<long, int> _children = new();
    private readonly List<int> _parent = new() { -1 };
    private readonly List<int> _frame = new() { -1 };
    private readonly List<long> _weight = new() { 0 };
    private readonly List<FrameInfo> _frames;

    public TreeBuilder(IReadOnlyList<FrameInfo> frames)
    {
        _frames = new List<FrameInfo>(frames);
    }

    /// <summary>Adds a frame that exists only in the transformed view (a synthetic root) and returns its index.</summary>
    public int AddFrame(FrameInfo frame)
    {
        _frames.Add(frame);
        return _frames.Count - 1;
    }

    /// <summary>The child of <paramref name="parent"/> for <paramref name="frame"/>, created on first use.</summary>
    public int Child(int parent, int frame)
    {
        var key = ((long)parent << 32) | (uint)frame;
        if (_children.TryGetValue(key, out var node))
        {
            return node;
        }

        node = _parent.Count;
        _parent.Add(parent);
        _frame.Add(frame);
        _weight.Add(0);
        _children[key] = node;
        return node;
    }

    public void AddWeight(int node, long weight) => _weight[node] += weight;

    public int FrameOf(int node) => _frame[node];

    public ProfileView Build(ProfileView source) =>
        ProfileView.FromTree(source, _frames, _parent.ToArray(), _frame.ToArray(), _weight.ToArray());
}
