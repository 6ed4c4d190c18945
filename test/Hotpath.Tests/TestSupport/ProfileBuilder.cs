using Hotpath.Aggregation;
using Hotpath.Model;

namespace Hotpath.Tests.TestSupport;

/// <summary>Builds snapshots from readable stacks such as "Main;Work;Leaf" (frames of module "App").</summary>
internal sealed class ProfileBuilder
{
    public const string Module = "App";

    public ProfileBuilder(ProfileLimits? limits = null)
    {
        Aggregator = new ProfileAggregator(limits);
    }

    public ProfileAggregator Aggregator { get; }

    public ProfileTotals Totals { get; set; } = new();

    public DateTimeOffset StartedAt { get; set; } = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public DateTimeOffset CapturedAt { get; set; } = new(2025, 1, 2, 3, 5, 5, TimeSpan.Zero);

    public ProfileBuilder Add(string stack, long count = 1, bool inRequest = false) =>
        Add(stack.Split(';').Select(name => new FrameInfo(name, Module)).ToArray(), count, inRequest);

    public ProfileBuilder Add(FrameInfo[] stack, long count = 1, bool inRequest = false)
    {
        var ids = stack.Select(Aggregator.InternFrame).ToArray();
        Aggregator.Add(ids, inRequest, count);
        return this;
    }

    public ProfileSnapshot Build() => Aggregator.Snapshot(Totals, StartedAt, CapturedAt);

    /// <summary>The node whose stack (root first) has exactly these display names, or -1.</summary>
    public static int FindNode(ProfileSnapshot snapshot, params string[] displayNames)
    {
        var buffer = new List<int>();
        for (var node = 1; node < snapshot.NodeCount; node++)
        {
            snapshot.GetStack(node, buffer);
            if (buffer.Select(f => snapshot.Frames[f].DisplayName).SequenceEqual(displayNames))
            {
                return node;
            }
        }

        return -1;
    }

    public static string App(string name) => Module + "!" + name;
}
