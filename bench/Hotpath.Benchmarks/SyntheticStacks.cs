using Hotpath.Aggregation;
using Hotpath.Model;

namespace Hotpath.Benchmarks;

/// <summary>
/// Deterministic stacks shaped like an ASP.NET Core app's: a shared hosting/Kestrel/middleware prefix, then
/// branching application code, 30-60 frames deep, with realistic method and module names.
/// </summary>
internal static class SyntheticStacks
{
    private static readonly string[] Modules = ["System.Private.CoreLib", "Microsoft.AspNetCore.Server.Kestrel.Core", "Microsoft.AspNetCore.Routing", "Hotpath.Demo", "System.Text.Json", "System.Linq"];

    /// <summary>The frames of the common request prefix (thread pool, Kestrel, middleware), root first.</summary>
    public static FrameInfo[] HostingPrefix { get; } = Enumerable.Range(0, 18)
        .Select(i => new FrameInfo($"Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol+Stage{i}.ProcessRequestsAsync(class Microsoft.AspNetCore.Hosting.Server.IHttpApplication`1<!!0>)", Modules[i % 3]))
        .ToArray();

    /// <summary>A pool of application frames to branch into.</summary>
    public static FrameInfo[] FramePool(int count) => Enumerable.Range(0, count)
        .Select(i => new FrameInfo($"Hotpath.Demo.Services.Type{i / 8}.Method{i % 8}(int32,class System.String,value class System.Threading.CancellationToken)", Modules[3 + (i % 3)], $"/src/Services/Type{i / 8}.cs", 10 + i))
        .ToArray();

    /// <summary>
    /// Builds <paramref name="count"/> distinct stacks of frames (root first) 30-60 deep. Each stack diverges from an earlier
    /// one at a random depth, so prefixes are shared the way a real call tree shares them.
    /// </summary>
    public static List<FrameInfo[]> Build(int count, int poolSize, int seed)
    {
        var random = new Random(seed);
        var pool = FramePool(poolSize);
        var stacks = new List<FrameInfo[]>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (stacks.Count < count)
        {
            var depth = random.Next(30, 61);
            var stack = new FrameInfo[depth];
            HostingPrefix.AsSpan(0, Math.Min(HostingPrefix.Length, depth)).CopyTo(stack);
            var start = HostingPrefix.Length;
            if (stacks.Count > 0)
            {
                // Share a prefix with an earlier stack, then diverge.
                var other = stacks[random.Next(stacks.Count)];
                var shared = random.Next(HostingPrefix.Length, Math.Min(other.Length, depth));
                other.AsSpan(0, shared).CopyTo(stack);
                start = shared;
            }

            for (var i = start; i < depth; i++)
            {
                stack[i] = pool[random.Next(pool.Length)];
            }

            if (seen.Add(string.Join(';', stack.Select(f => f.Name))))
            {
                stacks.Add(stack);
            }
        }

        return stacks;
    }

    /// <summary>Interns every stack's frames and returns them as frame-id arrays, root first.</summary>
    public static int[][] ToFrameIds(ProfileAggregator aggregator, List<FrameInfo[]> stacks) =>
        stacks.Select(s => s.Select(aggregator.InternFrame).ToArray()).ToArray();

    /// <summary>
    /// A snapshot with at least <paramref name="minNodes"/> call-tree nodes, with a few samples on every stack's leaf and
    /// most of them also in the requests scope.
    /// </summary>
    public static ProfileSnapshot LargeSnapshot(int minNodes, int seed = 7)
    {
        var random = new Random(seed);
        var aggregator = new ProfileAggregator(new ProfileLimits(MaxNodes: minNodes * 2));
        var pool = FramePool(4_000).Select(aggregator.InternFrame).ToArray();
        var prefix = HostingPrefix.Select(aggregator.InternFrame).ToArray();
        var previous = new List<int[]>();
        while (aggregator.NodeCount < minNodes)
        {
            var depth = random.Next(30, 61);
            var stack = new int[depth];
            prefix.CopyTo(stack, 0);
            var start = prefix.Length;
            if (previous.Count > 0)
            {
                var other = previous[random.Next(previous.Count)];
                start = random.Next(prefix.Length, Math.Min(other.Length, depth));
                Array.Copy(other, stack, start);
            }

            for (var i = start; i < depth; i++)
            {
                stack[i] = pool[random.Next(pool.Length)];
            }

            previous.Add(stack);
            var node = aggregator.Intern(stack);
            var samples = random.Next(1, 20);
            for (var s = 0; s < samples; s++)
            {
                aggregator.AddSample(node, inRequest: s % 5 != 0);
            }
        }

        var at = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        return aggregator.Snapshot(new ProfileTotals { Requests = 1_000, ConfiguredIntervalMs = 10 }, at, at.AddMinutes(10));
    }
}
