using Hotpath.Sampling;
using Xunit.Abstractions;

namespace Hotpath.Tests.Sampling;

[Collection("EventPipe")]
public sealed class SamplerLeakTests(ITestOutputHelper output)
{
    private static (int Fds, int Maps, int Threads) Count() =>
        (Directory.GetFileSystemEntries("/proc/self/fd").Length, File.ReadAllLines("/proc/self/maps").Length, Directory.GetDirectories("/proc/self/task").Length);

    private static void Round(SamplerKind kind)
    {
        using var profiler = new SamplingProfiler(new SamplingProfilerOptions { Sampler = kind, EventPipeCycle = TimeSpan.FromSeconds(1) }, TimeProvider.System);
        Assert.True(profiler.Start(), profiler.StatusMessage);
        Assert.True(SamplerSelectionTests.WaitUntil(() => profiler.State == ProfilerState.Running, TimeSpan.FromSeconds(10)), profiler.StatusMessage);
        Thread.Sleep(600);
        profiler.Stop(TimeSpan.FromSeconds(4));
        Assert.Equal(ProfilerState.Stopped, profiler.State);
    }

    private static (int Fds, int Maps, int Threads) Settled()
    {
        // Threads that finished their work need a moment to leave /proc/self/task.
        Thread.Sleep(500);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Count();
    }

    [Theory]
    [InlineData(SamplerKind.PerfEvent)]
    [InlineData(SamplerKind.EventPipe)]
    public void StartStop_Repeated_LeaksNoFileDescriptorMappingOrThread(SamplerKind kind)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Arrange: rounds first, so that what the runtime sets up once (diagnostics IPC, thread-pool threads that the
        // sessions' I/O wakes up, heap segments) is there: measured, that plateaus after two or three rounds.
        for (var i = 0; i < 3; i++)
        {
            Round(kind);
        }

        var before = Settled();

        // Act
        for (var i = 0; i < 3; i++)
        {
            Round(kind);
        }

        var after = Settled();
        output.WriteLine($"{kind}: before {before}, after {after}");

        // Assert: each round opens 2 fds and 2 mappings per thread (~20 threads) and starts 2–3 threads of its own; a
        // leak of any would add dozens over three rounds. Small slack for the runtime's lazily created threads and heap.
        Assert.True(after.Fds <= before.Fds + 2, $"fds {before.Fds} -> {after.Fds}");
        Assert.True(after.Maps <= before.Maps + 24, $"mappings {before.Maps} -> {after.Maps}");
        Assert.True(after.Threads <= before.Threads + 2, $"threads {before.Threads} -> {after.Threads}");
    }
}
