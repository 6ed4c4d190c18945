using System.Net;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>
/// Requests under the profile path that Hotpath does not answer (denied callers, unknown sub-paths) go on to the app, so
/// its own 404 handling (here UseStatusCodePages) runs and nothing tells a profiler is installed.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class FallThroughTests
{
    private const string AppNotFound = "app-not-found 404";

    public static TheoryData<string, string> DeniedRequests => new()
    {
        { "GET", "__profile__" },
        { "GET", "__profile__/" },
        { "GET", "__profile__/api/functions" },
        { "GET", "__profile__/export/collapsed" },
        { "GET", "__profile__/app.js" },
        { "POST", "__profile__/api/clear" },
        { "POST", "__profile__/api/flush" },
    };

    [Theory]
    [MemberData(nameof(DeniedRequests))]
    public async Task Profile_DeniedCaller_ReachesTheAppsOwn404(string method, string url)
    {
        await using var app = await StartAsync("Production");

        using var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AppNotFound, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("__profile__/nope")]
    [InlineData("__profile__/api/nope")]
    [InlineData("__profile__/export/nope")]
    [InlineData("__profile__/missing.js")]
    [InlineData("__profile__/app.js/more")]
    public async Task Profile_UnknownSubPathForAllowedCaller_ReachesTheAppsOwn404(string url)
    {
        await using var app = await StartAsync("Development");

        using var response = await app.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AppNotFound, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Profile_KnownPathsForAllowedCaller_AreStillServed()
    {
        await using var app = await StartAsync("Development");

        using var page = await app.Client.GetAsync("__profile__/");
        using var script = await app.Client.GetAsync("__profile__/app.js");
        using var wrongMethod = await app.Client.PostAsync("__profile__/api/functions", content: null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    private static async Task<InProcessApp> StartAsync(string environment)
    {
        var builder = InProcessApp.CreateBuilder(environment);
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        var app = builder.Build();
        app.UseHotpath();
        app.UseStatusCodePages("text/plain", "app-not-found {0}");
        app.MapGet(InProcessApp.AppEndpoint, () => "app");
        return await InProcessApp.StartAsync(app);
    }
}
