using System.Net;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

[Collection(DemoCollection.Name)]
public sealed class ClearTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Clear_WithoutAntiforgeryToken_Returns400AndKeepsTheProfile()
    {
        await using var app = await DemoApp.StartAsync(output);
        await app.BurstAsync(20);
        var before = await app.WaitForFunctionsAsync(r => r.Find(DemoApp.HotFunction) is not null, "CountPrimes in the requests scope");

        using var response = await app.Client.PostAsync(DemoApp.ProfilePath + "/api/clear", content: null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("api/antiforgery", body, StringComparison.Ordinal);
        var after = await app.GetFunctionsAsync();
        Assert.True(after.Totals.RequestSamples >= before.Totals.RequestSamples, after.Describe());
        Assert.NotNull(after.Find(DemoApp.HotFunction));
        Assert.Equal(0, after.Totals.DiscardedSamples - before.Totals.DiscardedSamples);
    }

    [Fact]
    public async Task Clear_WithAntiforgeryToken_EmptiesTheProfileUntilNewRequestsArrive()
    {
        await using var app = await DemoApp.StartAsync(output);
        await app.BurstAsync(20);
        await app.WaitForFunctionsAsync(r => r.Totals.RequestSamples > 0 && r.Find(DemoApp.HotFunction) is not null, "CountPrimes in the requests scope");

        using var response = await app.PostWithAntiforgeryAsync(DemoApp.ProfilePath + "/api/clear");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Samples taken before the clear may still be in flight; none of them may come back.
        await Poll.ThroughoutAsync(TimeSpan.FromSeconds(2), async () =>
        {
            var cleared = await app.GetFunctionsAsync();
            Assert.True(cleared.Totals.RequestSamples == 0 && cleared.Totals.Requests == 0 && cleared.Functions.Count == 0, cleared.Describe());
        });

        await app.BurstAsync(10);
        var refilled = await app.WaitForFunctionsAsync(r => r.Find(DemoApp.HotFunction) is not null && r.Totals.Requests >= 30, "CountPrimes and 30 requests after the clear");
        Assert.Equal(30, refilled.Totals.Requests);
        Assert.True(refilled.Totals.RequestSamples > 0, refilled.Describe());
    }
}
