using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

[Collection(DemoCollection.Name)]
public sealed class FunctionsApiTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Functions_AfterMixedBurst_RanksCpuHeavyMethodFirstBySelfTimeInRequestsScope()
    {
        await using var app = await DemoApp.StartAsync(output);

        await app.BurstAsync();
        const int burstRequests = (DemoApp.DefaultBurst * 3) - 1; // every request of the burst but the discarded first one
        var profile = await app.WaitForFunctionsAsync(
            r => r.Totals.RequestSamples >= 30 && r.Totals.Requests >= burstRequests, "at least 30 request samples from the whole burst");

        Assert.Equal("requests", profile.Scope);
        Assert.Equal("running", profile.Status.State);
        Assert.NotEmpty(profile.Functions);
        var top = profile.Functions[0];
        Assert.StartsWith(DemoApp.HotFunction, top.Name, StringComparison.Ordinal);
        Assert.Equal("Hotpath.Demo", top.Module);
        Assert.Equal(profile.Functions.Max(f => f.Self), top.Self);
        // The sieve does all its work in its own loops: it should own a clear share of the request samples.
        Assert.True(top.SelfPct >= 25, $"CountPrimes has only {top.SelfPct}% self time. {profile.Describe()}");
        Assert.Equal(burstRequests, profile.Totals.Requests);
    }

    [Fact]
    public async Task Functions_ProcessScope_CountsAtLeastTheRequestSamples()
    {
        await using var app = await DemoApp.StartAsync(output);
        await app.BurstAsync(20);
        var requests = await app.WaitForFunctionsAsync(r => r.Find(DemoApp.HotFunction) is not null, "CountPrimes in the requests scope");

        var process = await app.GetFunctionsAsync("scope=process&limit=all");

        Assert.Equal("process", process.Scope);
        Assert.Equal(process.Totals.ProcessSamples, process.Totals.Samples);
        Assert.True(process.Totals.ProcessSamples >= requests.Totals.RequestSamples, process.Describe());
        var hot = process.Find(DemoApp.HotFunction);
        Assert.NotNull(hot);
        Assert.True(hot.Self >= requests.Find(DemoApp.HotFunction)!.Self, process.Describe());
    }

    [Fact]
    public async Task Functions_AfterBurst_ListsEachMethodOnceWithItsModule()
    {
        // Sampling every 1 ms, so that both code bodies of a method (see below) are sure to be sampled.
        await using var app = await DemoApp.StartAsync(output, new Dictionary<string, string?>
        {
            ["DOTNET_EventPipeThreadSamplingRate"] = "1",
            ["Hotpath__SamplingIntervalMs"] = "1",
        });
        // Two bursts with a pause between them: the framework's precompiled (ReadyToRun) code runs in the first, and by
        // the second the runtime has recompiled its busiest methods, so those methods run as two different code bodies.
        await app.BurstAsync();
        await app.WaitForFunctionsAsync(r => r.Totals.RequestSamples >= 300, "at least 300 request samples");
        await app.BurstAsync();
        await app.WaitForFunctionsAsync(r => r.Totals.RequestSamples >= 600, "at least 600 request samples");

        var profile = await app.GetFunctionsAsync("scope=process&limit=all");

        // A named .NET method always lives in a module the user can see in the Module column.
        var withoutModule = profile.Functions
            .Where(f => f.Module.Length == 0 && !f.Name.StartsWith('['))
            .Select(f => $"'{f.Name}' (self {f.Self}, total {f.Total})")
            .ToList();

        // One method must be one row: a second row for it (e.g. named without its parameter list) splits its self and
        // total time, and the table under-reports it.
        var signed = profile.Functions.Where(f => f.Name.Contains('(', StringComparison.Ordinal))
            .GroupBy(f => f.Name[..f.Name.IndexOf('(', StringComparison.Ordinal)])
            .ToDictionary(g => g.Key, g => g.First());
        var split = profile.Functions
            .Where(f => !f.Name.Contains('(', StringComparison.Ordinal) && signed.ContainsKey(f.Name))
            .Select(f => $"'{f.Module}!{f.Name}' (self {f.Self}, total {f.Total}) and '{signed[f.Name].Module}!{signed[f.Name].Name}' (self {signed[f.Name].Self}, total {signed[f.Name].Total})")
            .ToList();

        Assert.True(
            withoutModule.Count == 0 && split.Count == 0,
            $"{withoutModule.Count} of {profile.Functions.Count} named functions have no module, e.g.:\n  {string.Join("\n  ", withoutModule.Take(5))}\n"
            + $"{split.Count} methods appear as two rows:\n  {string.Join("\n  ", split.Take(5))}");
    }
}
