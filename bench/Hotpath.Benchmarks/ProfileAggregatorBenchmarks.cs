using BenchmarkDotNet.Attributes;
using Hotpath.Aggregation;

namespace Hotpath.Benchmarks;

/// <summary>
/// The per-sample aggregation path: <c>Intern</c> (walk/extend the call tree for a stack) and <c>AddSample</c>.
/// In the profiler a repeated stack is cached by TraceLog's stack index, so the warm case is the common one; cold
/// interning happens once per distinct stack. Results are per stack (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class ProfileAggregatorBenchmarks
{
    private const int StackCount = 400;

    private List<Model.FrameInfo[]> _stacks = null!;
    private ProfileAggregator _warm = null!;
    private int[][] _warmIds = null!;
    private int[] _warmNodes = null!;
    private ProfileAggregator _full = null!;
    private int[][] _fullIds = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stacks = SyntheticStacks.Build(StackCount, poolSize: 1_500, seed: 1);

        _warm = new ProfileAggregator();
        _warmIds = SyntheticStacks.ToFrameIds(_warm, _stacks);
        _warmNodes = _warmIds.Select(ids => _warm.Intern(ids)).ToArray();

        // Caps far below what the stacks need: most stacks end in an [other] node (the cap-hit path).
        _full = new ProfileAggregator(new ProfileLimits(MaxFrames: 2_000, MaxNodes: 1_000));
        _fullIds = SyntheticStacks.ToFrameIds(_full, _stacks);
        foreach (var ids in _fullIds)
        {
            _full.Add(ids, inRequest: true);
        }
    }

    /// <summary>Looks up stacks that are already in the tree (a cache miss in the symbolizer for a known stack).</summary>
    [Benchmark(OperationsPerInvoke = StackCount)]
    public int Intern_ExistingStack()
    {
        var sum = 0;
        foreach (var ids in _warmIds)
        {
            sum += _warm.Intern(ids);
        }

        return sum;
    }

    /// <summary>Counts a sample at a cached node: the path taken by most samples.</summary>
    [Benchmark(OperationsPerInvoke = StackCount)]
    public long AddSample_CachedNode()
    {
        foreach (var node in _warmNodes)
        {
            _warm.AddSample(node, inRequest: true);
        }

        return _warm.ProcessSamples;
    }

    /// <summary>A fresh aggregator: interns every frame and builds every stack's path (first sight of each stack).</summary>
    [Benchmark(OperationsPerInvoke = StackCount)]
    public int InternFramesAndStacks_Cold()
    {
        var aggregator = new ProfileAggregator();
        var frames = new int[60];
        foreach (var stack in _stacks)
        {
            for (var i = 0; i < stack.Length; i++)
            {
                frames[i] = aggregator.InternFrame(stack[i]);
            }

            aggregator.Add(frames.AsSpan(0, stack.Length), inRequest: true);
        }

        return aggregator.NodeCount;
    }

    /// <summary>Node cap reached: stacks are charged to an [other] child of their deepest kept prefix.</summary>
    [Benchmark(OperationsPerInvoke = StackCount)]
    public long InternAndAdd_CapHit()
    {
        foreach (var ids in _fullIds)
        {
            _full.Add(ids, inRequest: true);
        }

        return _full.MergedSamples;
    }
}
