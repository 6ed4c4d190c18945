using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Hotpath.Aggregation;
using Hotpath.Sampling;

namespace Hotpath.Benchmarks;

/// <summary>
/// <see cref="ProfileAccumulator.TryAdmit"/>, the per-sample bookkeeping (passes, idle, discard, own-thread), on a
/// realistic event mix: passes of 8 threads every 10 ms, ~85% of samples idle (External), some in requests.
/// </summary>
[MemoryDiagnoser]
public class ProfileAccumulatorBenchmarks
{
    private const int Samples = 4_096;

    private ProfileAccumulator _accumulator = null!;
    private long[] _timestamps = null!;
    private int[] _threads = null!;
    private bool[] _managed = null!;
    private long[] _requests = null!;
    private long _offset;

    [GlobalSetup]
    public void Setup()
    {
        _accumulator = new ProfileAccumulator(ProfileLimits.Default, TimeProvider.System, 10) { OwnThreadId = 1_007 };
        var random = new Random(5);
        var tick = Stopwatch.Frequency / 100;
        _timestamps = new long[Samples];
        _threads = new int[Samples];
        _managed = new bool[Samples];
        _requests = new long[Samples];
        for (var i = 0; i < Samples; i++)
        {
            _timestamps[i] = (i / 8 * tick) + (i % 8);
            _threads[i] = 1_000 + (i % 8);
            _managed[i] = random.Next(100) < 15;
            _requests[i] = _managed[i] && random.Next(2) == 0 ? 1 + random.Next(500) : 0;
        }
    }

    /// <summary>Per sample, including taking the accumulator's lock as the event thread does.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public int TryAdmit()
    {
        var admitted = 0;
        var offset = _offset += Samples / 8 * Stopwatch.Frequency / 100;
        lock (_accumulator.Gate)
        {
            for (var i = 0; i < Samples; i++)
            {
                if (_accumulator.TryAdmit(_timestamps[i] + offset, _threads[i], _managed[i], _requests[i], out var inRequest) && inRequest)
                {
                    admitted++;
                }
            }
        }

        return admitted;
    }
}
