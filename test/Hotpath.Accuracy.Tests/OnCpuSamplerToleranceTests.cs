using Xunit.Abstractions;

namespace Hotpath.Accuracy.Tests;

/// <summary>
/// Guards the on-CPU sampler (issue 7): on planted cases with known truths, Hotpath's CPU measure must tell the truth.
/// The full comparison against perf, per window and from a cold start, is bench/accuracy/run.sh (docs/accuracy.md);
/// this is its tolerance subset. The truths used here were measured with perf by that harness: Seventy is 0.70 of its
/// request (perf: 0.699-0.705), and a thread in Thread.Sleep or blocked on a Monitor is not on a CPU (perf: under 1%
/// of those cases' samples). The runtime's EventPipe sampler fails this (it phase-locks to request loops and counts
/// blocked threads as CPU); the perf_event_open sampler is expected to pass.
/// </summary>
public sealed class OnCpuSamplerToleranceTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.05;

    [Fact]
    public async Task OnCpuSampler_SeventyWithinFivePoints_AndSleepAndMonitorWaitsAreNotCpu()
    {
        // A 2-ms interval instead of the default 10 ms, for statistics only: ~1,000 samples in the 8-s window put two
        // standard deviations of a 0.70 share at ~3 points, so ±5 judges the sampler, not luck (at 10 ms and ~230
        // samples it is ~6 points, and a correct sampler would fail one run in ten).
        await using var app = await PlantedProcess.StartAsync(new Dictionary<string, string> { ["Hotpath__SamplingIntervalMs"] = "2" });

        // From a cold start: 2 s to get past the first JIT tiers, then 8 s measured.
        await app.LoadAsync("ratio", TimeSpan.FromSeconds(2));
        var before = await app.CpuStacksAsync();
        await app.LoadAsync("ratio", TimeSpan.FromSeconds(8));
        var ratio = CaseShares.Between(before, await app.CpuStacksAsync(), "RatioCase", "Seventy", "Thirty");
        Assert.True(ratio.Samples >= 200, $"too few CPU samples of the ratio case to judge ({ratio}); output:\n{app.Output}");

        before = await app.CpuStacksAsync();
        await app.LoadAsync("sleep", TimeSpan.FromSeconds(4));
        var sleep = CaseShares.Between(before, await app.CpuStacksAsync(), "SleepCase", "SleepWork", "SleepFor");

        before = await app.CpuStacksAsync();
        await app.LoadAsync("lock", TimeSpan.FromSeconds(4));
        var locked = CaseShares.Between(before, await app.CpuStacksAsync(), "LockCase", "Unlocked", "Locked", "WaitForGate");

        var summary = $"ratio: {ratio}\nsleep: {sleep}\nlock: {locked}\nHotpath: {await app.StatusAsync()}";
        output.WriteLine(summary);
        Assert.True(Math.Abs(ratio.Of("Seventy") - 0.70) <= Tolerance, $"Seventy's CPU share is {ratio.Of("Seventy"):P1}, not 70% ± 5 points.\n{summary}");
        Assert.True(sleep.Samples >= 50 && sleep.Of("SleepFor") <= Tolerance,
            $"Thread.Sleep is {sleep.Of("SleepFor"):P1} of the sleep case's CPU samples (truth: under 1%).\n{summary}");
        Assert.True(locked.Samples >= 50 && locked.Of("WaitForGate") <= Tolerance,
            $"Waiting for a Monitor is {locked.Of("WaitForGate"):P1} of the lock case's CPU samples (truth: under 1%).\n{summary}");
    }
}
