using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

/// <summary>
/// These runs sample every 1 ms (not the usual 10 ms): a single sieve request takes only tens of milliseconds, and the
/// tests need it to leave samples behind for the discard to be observable at all.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DiscardFirstRequestTests(ITestOutputHelper output)
{
    private const string FirstRequest = "api/compute?n=5000000";

    private static Dictionary<string, string?> FastSampling(bool? discardFirstRequest = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_EventPipeThreadSamplingRate"] = "1",
            ["Hotpath__SamplingIntervalMs"] = "1",
        };
        if (discardFirstRequest is { } discard)
        {
            environment["Hotpath__DiscardFirstRequest"] = discard ? "true" : "false";
        }

        return environment;
    }

    [Fact]
    public async Task FirstRequest_ByDefault_IsDiscardedFromTheProfile()
    {
        await using var app = await DemoApp.StartAsync(output, FastSampling());
        await app.WaitUntilRunningAsync();

        await app.GetOkAsync(FirstRequest);

        // Late samples of the first request keep arriving for a while: none of them may show up.
        await Poll.ThroughoutAsync(TimeSpan.FromSeconds(3), async () =>
        {
            var profile = await app.GetFunctionsAsync();
            Assert.True(profile.Totals.Requests == 0, profile.Describe());
            Assert.True(profile.Totals.RequestSamples == 0, profile.Describe());
            Assert.True(profile.Find(DemoApp.HotFunction) is null, profile.Describe());
        });
        var after = await app.GetFunctionsAsync();
        Assert.True(after.Totals.DiscardedSamples > 0, after.Describe());

        await app.BurstAsync(5);
        var burst = await app.WaitForFunctionsAsync(
            r => r.Find(DemoApp.HotFunction) is not null && r.Totals.Requests >= 15, "CountPrimes and 15 counted requests after the burst");
        Assert.Equal(15, burst.Totals.Requests);
    }

    [Fact]
    public async Task FirstRequest_DiscardFirstRequestFalse_IsKeptInTheProfile()
    {
        await using var app = await DemoApp.StartAsync(output, FastSampling(discardFirstRequest: false));
        await app.WaitUntilRunningAsync();

        await app.GetOkAsync(FirstRequest);

        var profile = await app.WaitForFunctionsAsync(
            r => r.Find(DemoApp.HotFunction) is { Self: > 0 } && r.Totals.Requests == 1, "the first request's CountPrimes samples");
        Assert.Equal(0, profile.Totals.DiscardedSamples);
    }
}
