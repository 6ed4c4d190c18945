using BenchmarkDotNet.Attributes;
using Hotpath.Aggregation;
using Hotpath.Analysis;
using Hotpath.Model;
using Hotpath.Requests;
using Hotpath.Sampling;

namespace Hotpath.Benchmarks;

/// <summary>
/// What a UI refresh (every 2 s) costs the event thread at the default caps: a profile filled to 200,000 call-tree
/// nodes and 4,000 frames, with 1,000 kept requests of 20 stacks each and 3 endpoints. <c>Unchanged</c> is a refresh
/// when nothing was sampled since the last one (the cached snapshot); <c>AfterOneSample</c> after one new sample (the
/// rows are copied, node arrays shared, frames and labels reused); <c>AfterRequestEnd</c> after a request ended (labels
/// rebuilt too). All of it runs under the accumulator's lock, which the event thread needs for every sample.
/// <c>RefreshAndFunctionTable</c> adds what the API does outside the lock for the function table.
/// </summary>
[MemoryDiagnoser]
public class ProfileSnapshotBenchmarks
{
    private ProfileAccumulator _accumulator = null!;
    private int _node;
    private long _nextRequest = 1_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _accumulator = new ProfileAccumulator(ProfileLimits.Default, TimeProvider.System, 10);
        var aggregator = _accumulator.Aggregator;
        var random = new Random(11);
        var pool = SyntheticStacks.FramePool(4_000).Select(aggregator.InternFrame).ToArray();
        var prefix = SyntheticStacks.HostingPrefix.Select(aggregator.InternFrame).ToArray();
        var nodes = new List<int>();
        var stack = new int[60];
        lock (_accumulator.Gate)
        {
            while (aggregator.NodeCount < ProfileLimits.Default.MaxNodes - 100)
            {
                var depth = random.Next(30, 61);
                prefix.CopyTo(stack, 0);
                for (var i = prefix.Length; i < depth; i++)
                {
                    stack[i] = pool[random.Next(pool.Length)];
                }

                var node = aggregator.Intern(stack.AsSpan(0, depth));
                nodes.Add(node);
                _accumulator.Add(node, 0);
            }

            for (var id = 1; id <= 1_000; id++)
            {
                for (var s = 0; s < 20; s++)
                {
                    _accumulator.Add(nodes[random.Next(nodes.Count)], id);
                }
            }
        }

        for (var id = 1; id <= 1_000; id++)
        {
            var record = new RequestRecord(id, DateTimeOffset.UtcNow, 0, "GET", "/api/x") { Endpoint = "GET /api/e" + (id % 3), DurationMs = 12, Completed = true };
            _accumulator.EndRequest(record, keep: true);
        }

        _node = nodes[^1];
        var snapshot = _accumulator.Snapshot();
        Console.WriteLine($"// profile: {snapshot.NodeCount} nodes, {snapshot.Frames.Count} frames, {snapshot.Rows.Length} rows, {snapshot.LabelSets.Count} label sets, ~{aggregator.EstimatedBytes / (1024 * 1024)} MB");
    }

    [Benchmark(Baseline = true)]
    public int Refresh_Unchanged() => _accumulator.Snapshot().NodeCount;

    [Benchmark]
    public int Refresh_AfterOneSample()
    {
        lock (_accumulator.Gate)
        {
            _accumulator.Add(_node, 0);
        }

        return _accumulator.Snapshot().NodeCount;
    }

    [Benchmark]
    public int Refresh_AfterRequestEnd()
    {
        var id = _nextRequest++;
        lock (_accumulator.Gate)
        {
            _accumulator.Add(_node, id);
        }

        _accumulator.EndRequest(new RequestRecord(id, DateTimeOffset.UtcNow, 0, "GET", "/api/x") { Endpoint = "GET /api/e1", Completed = true }, keep: false);
        return _accumulator.Snapshot().NodeCount;
    }

    [Benchmark]
    public int RefreshAndFunctionTable_AfterOneSample()
    {
        lock (_accumulator.Gate)
        {
            _accumulator.Add(_node, 0);
        }

        return FunctionTable.Compute(ProfileView.Create(_accumulator.Snapshot(), ProfileFilter.Requests)).Count;
    }
}
