using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Tests.Requests;

/// <summary>The request list, one request, the endpoint summary and per-request/endpoint exports, on a real Kestrel.</summary>
[Collection(DemoCollection.Name)]
public sealed class RequestsApiTests
{
    private const string Api = "__profile__/api/";

    private static async Task<InProcessApp> StartAsync(Action<HotpathOptions>? configure = null, string environment = "Development")
    {
        var builder = InProcessApp.CreateBuilder(environment);
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o =>
        {
            o.DiscardFirstRequest = false;
            configure?.Invoke(o);
        });
        var app = InProcessApp.Build(builder);
        app.MapGet("/sleep", async (int ms) => { await Task.Delay(ms); return "slept"; });
        app.MapGet("/fast", async () => { await Task.Delay(20); return "fast"; });
        app.MapGet("/slow", async () => { await Task.Delay(150); return "slow"; });
        app.MapGet("/fail", () => Results.StatusCode(500));
        app.MapGet("/items/{id}", (int id) => id);
        return await InProcessApp.StartAsync(app);
    }

    private static async Task<JsonElement> GetJsonAsync(InProcessApp app, string relative, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await app.Client.GetAsync(relative);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {relative} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task SendAsync(InProcessApp app, string relative, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await app.Client.GetAsync(relative);
        }
    }

    private static List<JsonElement> Requests(JsonElement list) => list.GetProperty("requests").EnumerateArray().ToList();

    [Fact]
    public async Task List_AfterRequests_IsNewestFirstWithTheDocumentedFields()
    {
        // Arrange
        await using var app = await StartAsync();
        await SendAsync(app, "items/1");
        await SendAsync(app, "items/2");
        await SendAsync(app, "fail");

        // Act
        var list = await GetJsonAsync(app, Api + "requests");

        // Assert
        var rows = Requests(list);
        Assert.Equal(["/fail", "/items/2", "/items/1"], rows.Select(r => r.GetProperty("path").GetString()));
        foreach (var field in new[] { "id", "startedAt", "method", "path", "endpoint", "status", "durationMs", "cpuSamples", "traceId" })
        {
            Assert.True(rows[0].TryGetProperty(field, out _), "missing " + field);
        }

        Assert.Equal("GET /items/{id}", rows[1].GetProperty("endpoint").GetString());
        Assert.Equal(500, rows[0].GetProperty("status").GetInt32());
        Assert.Equal(0, list.GetProperty("evicted").GetInt64());
        Assert.True(rows[1].GetProperty("id").GetInt64() > rows[2].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task List_Filters_SelectByEndpointStatusDurationAndTraceId()
    {
        // Arrange: an activity listener makes ASP.NET Core create the request Activity that carries the W3C trace id.
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await StartAsync();
        var traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using (var traced = new HttpRequestMessage(HttpMethod.Get, "items/7"))
        {
            traced.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
            using var _ = await app.Client.SendAsync(traced);
        }

        await SendAsync(app, "items/8");
        await SendAsync(app, "fail");
        await SendAsync(app, "sleep?ms=120");

        // Act / Assert
        Assert.Equal(["/items/8", "/items/7"], Requests(await GetJsonAsync(app, Api + "requests?endpoint=" + Uri.EscapeDataString("GET /items/{id}"))).Select(r => r.GetProperty("path").GetString()));
        Assert.Equal(["/fail"], Requests(await GetJsonAsync(app, Api + "requests?status=500")).Select(r => r.GetProperty("path").GetString()));
        Assert.Equal(["/fail"], Requests(await GetJsonAsync(app, Api + "requests?status=5xx")).Select(r => r.GetProperty("path").GetString()));
        Assert.Equal(["/sleep"], Requests(await GetJsonAsync(app, Api + "requests?minDurationMs=100")).Select(r => r.GetProperty("path").GetString()));
        var traced1 = Assert.Single(Requests(await GetJsonAsync(app, Api + "requests?traceId=" + traceId)));
        Assert.Equal((traceId, "/items/7"), (traced1.GetProperty("traceId").GetString(), traced1.GetProperty("path").GetString()));
        Assert.Equal(2, Requests(await GetJsonAsync(app, Api + "requests?limit=2")).Count);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("status=abc", "status")]
    [InlineData("status=99", "status")]
    [InlineData("minDurationMs=-1", "minDurationMs")]
    [InlineData("minDurationMs=NaN", "minDurationMs")]
    [InlineData("traceId=xyz", "traceId")]
    [InlineData("limit=1&limit=2", "limit")]
    public async Task List_BadValue_Returns400SayingWhich(string query, string parameter)
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        var body = await GetJsonAsync(app, Api + "requests?" + query, HttpStatusCode.BadRequest);

        // Assert
        Assert.Contains(parameter, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PastMaxRequests_CountsEvictions()
    {
        // Arrange
        await using var app = await StartAsync(o => o.MaxRequests = 5);

        // Act
        for (var i = 1; i <= 8; i++)
        {
            await SendAsync(app, "items/" + i.ToString(CultureInfo.InvariantCulture));
        }

        var list = await GetJsonAsync(app, Api + "requests");

        // Assert
        Assert.Equal(3, list.GetProperty("evicted").GetInt64());
        Assert.Equal(["/items/8", "/items/7", "/items/6", "/items/5", "/items/4"], Requests(list).Select(r => r.GetProperty("path").GetString()));
        await GetJsonAsync(app, Api + "requests/" + Requests(list)[^1].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        var evictedId = Requests(list)[^1].GetProperty("id").GetInt64() - 1;
        await GetJsonAsync(app, Api + "requests/" + evictedId.ToString(CultureInfo.InvariantCulture), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Record_SensitiveQueryValues_AreRedacted()
    {
        // Arrange
        await using var app = await StartAsync(o => o.RedactQueryParameters.Add("tenant"));

        // Act
        await SendAsync(app, "items/1?token=s3cr3t-value&Password=hunter2&page=2&TENANT=acme&client_secret=zz");
        var row = Requests(await GetJsonAsync(app, Api + "requests"))[0];
        var one = await GetJsonAsync(app, Api + "requests/" + row.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));

        // Assert
        Assert.Equal("?token=[redacted]&Password=[redacted]&page=2&TENANT=[redacted]&client_secret=[redacted]", one.GetProperty("query").GetString());
        var raw = one.GetRawText();
        foreach (var secret in new[] { "s3cr3t-value", "hunter2", "acme", "zz" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task One_KnownUnknownAndBadIds_Answer200_404_400()
    {
        // Arrange
        await using var app = await StartAsync();
        await SendAsync(app, "items/1");
        await SendAsync(app, "items/2");
        var id = Requests(await GetJsonAsync(app, Api + "requests"))[0].GetProperty("id").GetInt64();

        // Act
        var one = await GetJsonAsync(app, Api + "requests/" + id.ToString(CultureInfo.InvariantCulture));

        // Assert
        Assert.True(one.GetProperty("hasProfile").GetBoolean(), "Development keeps every request's profile");
        Assert.Equal("all", one.GetProperty("keepReason").GetString());
        await GetJsonAsync(app, Api + "requests/999999", HttpStatusCode.NotFound);
        await GetJsonAsync(app, Api + "requests/abc", HttpStatusCode.BadRequest);
        await GetJsonAsync(app, Api + "requests/-3", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Endpoints_KnownSleeps_GiveTheirPercentilesAndErrors()
    {
        // Arrange
        await using var app = await StartAsync();
        await SendAsync(app, "fast", 12);
        await SendAsync(app, "slow", 6);
        foreach (var ms in Enumerable.Range(1, 10).Select(i => i * 15))
        {
            await SendAsync(app, "sleep?ms=" + ms.ToString(CultureInfo.InvariantCulture));
        }

        await SendAsync(app, "fail", 2);

        // Act
        var endpoints = (await GetJsonAsync(app, Api + "endpoints")).EnumerateArray().ToDictionary(e => e.GetProperty("endpoint").GetString()!);

        // Assert: sleeps overshoot a little; timers may fire a millisecond or two early; the sketch adds ±1%.
        AssertNear(endpoints["GET /fast"], requests: 12, p50: 20, p99: 20);
        AssertNear(endpoints["GET /slow"], requests: 6, p50: 150, p99: 150);
        AssertNear(endpoints["GET /sleep"], requests: 10, p50: 75, p99: 135); // ranks floor(q × 9) of 15, 30, …, 150
        Assert.Equal(2, endpoints["GET /fail"].GetProperty("errors").GetInt64());
        Assert.Equal(0, endpoints["GET /fast"].GetProperty("errors").GetInt64());
        Assert.True(endpoints["GET /fast"].TryGetProperty("cpuSamples", out _));
    }

    private static void AssertNear(JsonElement endpoint, int requests, double p50, double p99)
    {
        Assert.Equal(requests, endpoint.GetProperty("requests").GetInt64());
        var (m, n) = (endpoint.GetProperty("p50Ms").GetDouble(), endpoint.GetProperty("p99Ms").GetDouble());
        Assert.InRange(m, (p50 * 0.99) - 3, (p50 * 1.01) + 40);
        Assert.InRange(n, (p99 * 0.99) - 3, (p99 * 1.01) + 60);
        Assert.True(endpoint.GetProperty("p95Ms").GetDouble() <= n && m <= endpoint.GetProperty("p95Ms").GetDouble());
    }

    [Fact]
    public async Task Export_RequestAndEndpointFilters_AreParsedAndChecked()
    {
        // Arrange
        await using var app = await StartAsync();
        await SendAsync(app, "items/1");
        await SendAsync(app, "items/2");
        var id = Requests(await GetJsonAsync(app, Api + "requests"))[0].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        // Act / Assert
        using (var kept = await app.Client.GetAsync("__profile__/export/collapsed?request=" + id))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
            Assert.Contains("request-" + id, kept.Content.Headers.ContentDisposition?.FileName ?? string.Empty, StringComparison.Ordinal);
        }

        using (var unknown = await app.Client.GetAsync("__profile__/export/collapsed?request=987654"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("987654", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var bad in new[] { "request=abc", "request=0", "measure=ram", "endpoint=", "scope=all", "request=1&request=2" })
        {
            using var response = await app.Client.GetAsync("__profile__/export/collapsed?" + bad);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad} answered {(int)response.StatusCode}");
        }

        using var endpoint = await app.Client.GetAsync("__profile__/export/collapsed?endpoint=" + Uri.EscapeDataString("GET /items/{id}") + "&measure=wait");
        Assert.Equal(HttpStatusCode.OK, endpoint.StatusCode);
        var functions = await GetJsonAsync(app, Api + "functions?request=" + id);
        Assert.Equal(long.Parse(id, CultureInfo.InvariantCulture), functions.GetProperty("request").GetInt64());
        await GetJsonAsync(app, Api + "functions?request=987654", HttpStatusCode.NotFound);
        await GetJsonAsync(app, Api + "functions?measure=x", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OnDemandHeader_OutsideDevelopment_KeepsOnlyTheRequestWithTheSecret()
    {
        // Arrange
        const string secret = "a-long-enough-secret-value";
        await using var app = await StartAsync(
            o =>
            {
                o.AllowRemoteAccess = true;
                o.SlowRequestMs = null;
                o.OnDemandSecret = secret;
            },
            environment: "Production");
        await SendAsync(app, "items/0");

        // Act
        await SendAsync(app, "items/1");
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "items/2"))
        {
            wrong.Headers.Add("X-Hotpath-Profile", secret + "x");
            using var _ = await app.Client.SendAsync(wrong);
        }

        using (var right = new HttpRequestMessage(HttpMethod.Get, "items/3"))
        {
            right.Headers.Add("X-Hotpath-Profile", secret);
            using var _ = await app.Client.SendAsync(right);
        }

        var list = await GetJsonAsync(app, Api + "requests");

        // Assert
        var kept = Requests(list).Where(r => r.GetProperty("hasProfile").GetBoolean()).Select(r => r.GetProperty("path").GetString());
        Assert.Equal(["/items/3"], kept);
        Assert.DoesNotContain(secret, list.GetRawText(), StringComparison.Ordinal);
    }
}
