using System.Globalization;
using System.Net;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Requests;

/// <summary>
/// Attribution under concurrency, on real Kestrel with the real sampler (the demo process): 8 concurrent clients on two
/// endpoints whose work is in two different named methods; each request's own profile must hold its own endpoint's code.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class RequestPurityTests(ITestOutputHelper output)
{
    private const string Compute = "GET /api/compute";
    private const string Search = "GET /api/search";

    // The two endpoints' code, as collapsed stacks name it.
    private static readonly Dictionary<string, string[]> Marks = new()
    {
        [Compute] = ["Hotpath.Demo.Services.PrimeSieve.", "Hotpath.Demo.Endpoints.DemoEndpoints.Compute"],
        [Search] = ["Hotpath.Demo.Services.TextSearch.", "Hotpath.Demo.Endpoints.DemoEndpoints.Search"],
    };

    [Fact]
    public async Task RequestProfiles_EightConcurrentClientsOnTwoEndpoints_HoldTheirOwnEndpointsCode()
    {
        // Arrange
        await using var app = await DemoApp.StartAsync(output);
        await app.WaitUntilRunningAsync();
        await app.GetOkAsync("hello");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        // Act: 4 clients per endpoint, back to back, for 8 seconds.
        var clients = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            using var client = app.CreateClient(allowAutoRedirect: false);
            var path = i % 2 == 0 ? "api/compute?n=5000000" : "api/search?q=river+garden+coffee+lantern&top=20";
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })).ToList();
        await Task.WhenAll(clients);
        await Task.Delay(1_500); // the event stream lags the requests

        // Assert
        var list = JsonDocument.Parse(await app.GetOkAsync(DemoApp.ProfilePath.TrimStart('/') + "/api/requests?limit=1000")).RootElement;
        var requests = list.GetProperty("requests").EnumerateArray()
            .Where(r => r.GetProperty("endpoint").GetString() is Compute or Search && r.GetProperty("hasProfile").GetBoolean())
            .ToList();
        Assert.True(requests.Count >= 20, $"only {requests.Count} profiled requests of the two endpoints");
        var pooled = new Dictionary<string, (long Own, long Foreign)> { [Compute] = (0, 0), [Search] = (0, 0) };
        var checkedRequests = 0;
        foreach (var request in requests)
        {
            var id = request.GetProperty("id").GetInt64();
            var endpoint = request.GetProperty("endpoint").GetString()!;
            var other = endpoint == Compute ? Search : Compute;
            var text = await app.GetOkAsync($"{DemoApp.ProfilePath.TrimStart('/')}/export/collapsed?request={id.ToString(CultureInfo.InvariantCulture)}");
            var (own, foreign) = Split(text, Marks[endpoint], Marks[other]);
            pooled[endpoint] = (pooled[endpoint].Own + own, pooled[endpoint].Foreign + foreign);
            if (own + foreign >= 5)
            {
                checkedRequests++;
                Assert.True(own >= 0.95 * (own + foreign), $"request {id} ({endpoint}): {own} own and {foreign} foreign user-code samples\n{text}");
            }
        }

        foreach (var (endpoint, (own, foreign)) in pooled)
        {
            output.WriteLine($"{endpoint}: {own} own, {foreign} foreign user-code samples over its requests");
            Assert.True(own > 0, $"{endpoint}: no user-code samples in its requests' profiles");
            Assert.True(own >= 0.95 * (own + foreign), $"{endpoint}: {own} own and {foreign} foreign user-code samples");
        }

        output.WriteLine($"{requests.Count} requests with a profile, {checkedRequests} with at least 5 user-code samples checked one by one");
        var computeProfile = await app.GetOkAsync($"{DemoApp.ProfilePath.TrimStart('/')}/export/collapsed?endpoint={Uri.EscapeDataString(Compute)}");
        var (endpointOwn, endpointForeign) = Split(computeProfile, Marks[Compute], Marks[Search]);
        Assert.True(endpointOwn >= 0.95 * (endpointOwn + endpointForeign), $"endpoint export: {endpointOwn} own, {endpointForeign} foreign");
    }

    /// <summary>User-code samples (stacks in the demo's module) with the endpoint's own code vs. the other endpoint's.</summary>
    private static (long Own, long Foreign) Split(string collapsed, string[] own, string[] foreign)
    {
        long o = 0, f = 0;
        foreach (var line in collapsed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            var stack = line[..space];
            var count = long.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            var isOwn = own.Any(m => stack.Contains(m, StringComparison.Ordinal));
            var isForeign = foreign.Any(m => stack.Contains(m, StringComparison.Ordinal));
            o += isOwn && !isForeign ? count : 0;
            f += isForeign ? count : 0;
        }

        return (o, f);
    }
}
