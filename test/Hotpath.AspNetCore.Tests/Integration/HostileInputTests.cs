using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

[Collection(DemoCollection.Name)]
public sealed class HostileInputTests(HostileInputTests.SharedDemo shared, ITestOutputHelper output) : IClassFixture<HostileInputTests.SharedDemo>, IDisposable
{
    private DemoApp App => shared.App;

    public void Dispose() => output.WriteLine($"--- shared demo process output (port {App.Port}) ---\n{App.Output}");

    [Theory]
    [InlineData("scope=evil", "scope")]
    [InlineData("regex=true&filter=(", "regular expression")]
    [InlineData("sort=__proto__", "sort")]
    [InlineData("limit=-1", "limit")]
    [InlineData("regex=true&filter=(%3F%3Dx)", "not supported")]
    public async Task Functions_BadQuery_Returns400WithJsonError(string query, string errorMentions)
    {
        using var response = await App.Client.GetAsync($"{DemoApp.ProfilePath}/api/functions?{query}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Contains(errorMentions, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(501)]
    [InlineData(5_000)]
    public async Task Functions_FilterLongerThan500Characters_Returns400SayingTheLimit(int length)
    {
        using var response = await App.Client.GetAsync($"{DemoApp.ProfilePath}/api/functions?filter={new string('a', length)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 500 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Functions_FilterOf10000Characters_IsRefused()
    {
        using var response = await App.Client.GetAsync($"{DemoApp.ProfilePath}/api/functions?filter={new string('a', 10_000)}");

        // Kestrel refuses a request line this long (414) before Hotpath sees it; either way nothing is served.
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong, $"answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Functions_ValidRegexFilter_ReturnsOnlyMatchingRows()
    {
        await App.BurstAsync(10);
        var all = await App.WaitForFunctionsAsync(r => r.Find(DemoApp.HotFunction) is not null, "CountPrimes in the requests scope");

        var filtered = await App.GetFunctionsAsync("scope=requests&limit=all&regex=true&filter=" + Uri.EscapeDataString("Prime.*Count"));

        var pattern = new Regex("Prime.*Count", RegexOptions.IgnoreCase);
        Assert.NotNull(filtered.Find(DemoApp.HotFunction));
        Assert.All(filtered.Functions, f => Assert.True(pattern.IsMatch(f.Name) || pattern.IsMatch(f.Module) || (f.File is { } file && pattern.IsMatch(file)), f.Name));
        Assert.True(filtered.Functions.Count < all.Functions.Count, filtered.Describe());
        Assert.Equal(filtered.Functions.Count, filtered.Matched);
    }

    [Theory]
    [InlineData("GET", "/nope", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/nope", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/clear", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/flush", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/functions", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/export/collapsed", HttpStatusCode.MethodNotAllowed)]
    public async Task ProfilePath_UnknownRouteOrWrongMethod_ReturnsNotFoundOrMethodNotAllowed(string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), DemoApp.ProfilePath + path);
        using var response = await App.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task ProfilePath_WithoutTrailingSlash_RedirectsToTheUi()
    {
        using var client = App.CreateClient(allowAutoRedirect: false);

        using var response = await client.GetAsync(DemoApp.ProfilePath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(DemoApp.ProfilePath + "/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/api/functions")]
    [InlineData("/export/collapsed")]
    public async Task ProfilePath_AnyResponse_SendsNoSniffAndContentSecurityPolicy(string path)
    {
        using var response = await App.Client.GetAsync(DemoApp.ProfilePath + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    /// <summary>One demo process for every test here: none of them changes what the profile holds.</summary>
    public sealed class SharedDemo : IAsyncLifetime
    {
        internal DemoApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await DemoApp.StartAsync(output: null);

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
