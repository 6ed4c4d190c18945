using System.Diagnostics;
using System.Runtime.CompilerServices;
using Hotpath.Analysis;
using Hotpath.Model;
using Hotpath.Sampling;
using Xunit.Abstractions;

namespace Hotpath.Tests.Sampling;

[Collection("EventPipe")]
public sealed class SamplerSelectionTests(ITestOutputHelper output)
{
    private static long s_sink;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long SelectionSpin(int iterations)
    {
        var x = 17L;
        for (var i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >>> 29;
        }

        return x;
    }

    private static void Spin(TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        var sink = 0L;
        while (watch.Elapsed < duration)
        {
            sink += SelectionSpin(200_000);
        }

        Volatile.Write(ref s_sink, sink);
    }

    internal static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }

    private void Print(ProfileSnapshot snapshot, SamplingProfiler profiler)
    {
        output.WriteLine($"sampler {profiler.Sampler}; samples {snapshot.Totals.ProcessSamples}, idle {snapshot.Totals.IdleSamples}, own {snapshot.Totals.OwnSamples}, interval {snapshot.Totals.EffectiveIntervalMs}");
        foreach (var row in FunctionTable.Compute(snapshot, ProfileScope.Process).OrderByDescending(r => r.Self).Take(12))
        {
            output.WriteLine($"{row.Self,6} self {row.Total,6} total  {row.Frame.DisplayName}");
        }
    }

    [Theory]
    [InlineData(SamplerKind.Auto, SamplerKind.PerfEvent)]
    [InlineData(SamplerKind.EventPipe, SamplerKind.EventPipe)]
    public void Start_Sampler_SamplesAThreadCreatedAfterStart(SamplerKind requested, SamplerKind expected)
    {
        // Arrange
        using var profiler = new SamplingProfiler(new SamplingProfilerOptions { Sampler = requested, EventPipeCycle = TimeSpan.FromSeconds(1) }, TimeProvider.System);
        Assert.True(profiler.Start(), profiler.StatusMessage);
        Assert.True(WaitUntil(() => profiler.State == ProfilerState.Running, TimeSpan.FromSeconds(10)), profiler.StatusMessage);

        // Act: a thread that did not exist when the sampler started.
        var worker = new Thread(() => Spin(TimeSpan.FromSeconds(2))) { IsBackground = true };
        worker.Start();
        worker.Join();
        WaitUntil(() => SelfOf(profiler.Snapshot()) > 0, TimeSpan.FromSeconds(5));
        Thread.Sleep(700);
        var snapshot = profiler.Snapshot();
        Print(snapshot, profiler);

        // Assert
        Assert.Equal(expected, profiler.Sampler.Kind);
        // Other test classes may run at the same time, so this asks for a share of samples rather than the top row.
        Assert.True(SelfOf(snapshot) >= 5, $"{nameof(SelectionSpin)} on the new thread has {SelfOf(snapshot)} samples");
    }

    private static long SelfOf(ProfileSnapshot snapshot) =>
        FunctionTable.Compute(snapshot, ProfileScope.Process).Where(r => r.Frame.Name.Contains(nameof(SelectionSpin), StringComparison.Ordinal)).Sum(r => r.Self);
}
