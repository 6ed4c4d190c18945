using System.Diagnostics;
using System.Runtime.CompilerServices;
using Hotpath.Analysis;
using Hotpath.Model;
using Hotpath.Sampling;
using Xunit.Abstractions;

namespace Hotpath.Tests.Sampling;

[CollectionDefinition("EventPipe", DisableParallelization = true)]
public sealed class EventPipeCollection
{
}

[Collection("EventPipe")]
public sealed class SamplingProfilerTests(ITestOutputHelper output)
{
    private static long s_sink;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long HotpathTestSpin(int iterations)
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
            sink += HotpathTestSpin(200_000);
        }

        Volatile.Write(ref s_sink, sink);
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }

    private static long SelfOf(ProfileSnapshot snapshot, string method) =>
        FunctionTable.Compute(snapshot, ProfileScope.Process).Where(r => r.Frame.Name.Contains(method, StringComparison.Ordinal)).Sum(r => r.Self);

    [Fact]
    public void Snapshot_CpuBoundMethodRunning_IsTopFunctionBySelfSamples()
    {
        // Arrange
        using var profiler = new SamplingProfiler(new SamplingProfilerOptions(), TimeProvider.System);
        try
        {
            profiler.Start();
            var running = WaitUntil(() => profiler.State is ProfilerState.Running or ProfilerState.Failed, TimeSpan.FromSeconds(15));
            Assert.True(running && profiler.State == ProfilerState.Running, $"profiler is {profiler.State}: {profiler.StatusMessage}");
            for (var i = 0; i < 100; i++)
            {
                Volatile.Write(ref s_sink, HotpathTestSpin(1_000));
            }

            Thread.Sleep(300);
            Spin(TimeSpan.FromMilliseconds(300));

            // Act
            var worker = new Thread(() => Spin(TimeSpan.FromSeconds(3))) { IsBackground = true, Name = "cpu-bound test work" };
            worker.Start();
            worker.Join();
            var lastSelf = -1L;
            WaitUntil(
                () =>
                {
                    var self = SelfOf(profiler.Snapshot(), nameof(HotpathTestSpin));
                    var settled = self > 0 && self == lastSelf;
                    lastSelf = self;
                    return settled;
                },
                TimeSpan.FromSeconds(10));
            var snapshot = profiler.Snapshot();

            // Assert
            var top = FunctionTable.Compute(snapshot, ProfileScope.Process).OrderByDescending(r => r.Self).Take(5).ToList();
            output.WriteLine(
                $"state {profiler.State}; process samples {snapshot.Totals.ProcessSamples}, idle {snapshot.Totals.IdleSamples}, " +
                $"own {snapshot.Totals.OwnSamples}, merged {snapshot.Totals.MergedSamples}, interval {snapshot.Totals.EffectiveIntervalMs} ms");
            foreach (var row in top)
            {
                output.WriteLine($"{row.Self,8} self {row.Total,8} total  {row.Frame.DisplayName}");
            }

            Assert.True(snapshot.Totals.ProcessSamples > 0, "no samples arrived: " + profiler.StatusMessage);
            Assert.NotEmpty(top);
            Assert.Contains(nameof(HotpathTestSpin), top[0].Frame.Name, StringComparison.Ordinal);
            Assert.Equal(ProfilerState.Running, profiler.State);
        }
        finally
        {
            profiler.Stop();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(400)]
    public async Task Stop_SoonAfterStart_ReturnsAndLeavesProfilerStopped(int delayMs)
    {
        // Stopping while the event thread is still in TraceLog's rundown used to hang forever: the runtime waits to
        // flush the session into a stream nobody reads yet. Stop must come back and the profiler must be restartable.
        for (var round = 0; round < 2; round++)
        {
            using var profiler = new SamplingProfiler(new SamplingProfilerOptions(), TimeProvider.System);
            Assert.True(profiler.Start(), profiler.StatusMessage);
            await Task.Delay(delayMs);

            var stop = Task.Run(() => profiler.Stop(TimeSpan.FromSeconds(4)));

            // A guard against a hang, not a timing assertion: Stop is bounded at 4 s by design.
            var finished = await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(finished == stop, "Stop() did not return");
            Assert.Equal(ProfilerState.Stopped, profiler.State);
        }
    }
}
