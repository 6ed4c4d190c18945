using System.Net;
using System.Net.Http.Json;
using System.Threading.RateLimiting;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>
/// <c>app.MapHotpath()</c>: the UI, API and exports as endpoints, so authorization, host filtering and rate limiting
/// attach through ordinary endpoint metadata; <c>UseHotpath()</c> then only marks requests.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class MapHotpathTests
{
    private const string AppNotFound = "app-not-found 404";

    public static TheoryData<string> ProfileUrls => new() { "__profile__/", "__profile__/api/functions", "__profile__/export/collapsed", "__profile__/app.js", "__profile__/app.css" };

    [Fact]
    public async Task MapHotpath_RequireAuthorization_ServesTheUserInProductionAndChallengesOthers()
    {
        await using var app = await StartAsync("Production", e => e.RequireAuthorization("profilers"), authentication: true);

        foreach (var url in ProfileUrls)
        {
            using var anonymous = await app.Client.GetAsync(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add(TestUserAuthenticationHandler.HeaderName, "alice");
            using var authenticated = await app.Client.SendAsync(request);

            Assert.True(authenticated.StatusCode == HttpStatusCode.OK, $"{url} as alice answered {(int)authenticated.StatusCode}");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    [Fact]
    public async Task MapHotpath_AuthorizationPolicyOption_ServesTheUserAndSendsOthersToTheFallback()
    {
        await using var app = await StartAsync("Production", _ => { }, authentication: true, fallback: true, policyOption: true);

        foreach (var url in ProfileUrls)
        {
            using var anonymous = await app.Client.GetAsync(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add(TestUserAuthenticationHandler.HeaderName, "alice");
            using var authenticated = await app.Client.SendAsync(request);

            Assert.True(authenticated.StatusCode == HttpStatusCode.OK, $"{url} as alice answered {(int)authenticated.StatusCode}");
            if (!url.EndsWith(".js", StringComparison.Ordinal) && !url.EndsWith(".css", StringComparison.Ordinal))
            {
                // MapFallback does not match file names; those reach the app's 404 instead.
                Assert.Equal("app-fallback", await anonymous.Content.ReadAsStringAsync());
            }
            else
            {
                Assert.Equal(AppNotFound, await anonymous.Content.ReadAsStringAsync());
            }
        }
    }

    [Theory]
    [MemberData(nameof(ProfileUrls))]
    public async Task MapHotpath_NoAuthorizationMetadataInProduction_KeepsTheDefaultRule(string url)
    {
        await using var app = await StartAsync("Production", _ => { });

        using var response = await app.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AppNotFound, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "__profile__/api/functions")]
    [InlineData("POST", "__profile__/api/functions")]
    [InlineData("GET", "__profile__/api/clear")]
    [InlineData("POST", "__profile__/api/clear")]
    [InlineData("GET", "__profile__/")]
    public async Task MapHotpath_DeniedCaller_ReachesTheAppsFallbackEndpoint(string method, string url)
    {
        // Routing drops Hotpath's endpoints for this caller: no 404 or 405 of ours tells a profiler is there.
        await using var app = await StartAsync("Production", _ => { }, fallback: true);

        using var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app-fallback", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "__profile__/app.js")]
    [InlineData("POST", "__profile__/")]
    [InlineData("DELETE", "__profile__/api/functions")]
    public async Task MapHotpath_DeniedCallerWithAnotherMethod_GetsTheAppsOwn404Not405(string method, string url)
    {
        await using var app = await StartAsync("Production", _ => { });

        using var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AppNotFound, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(ProfileUrls))]
    public async Task MapHotpath_LoopbackInDevelopment_ServesEveryRouteAndAsset(string url)
    {
        await using var app = await StartAsync("Development", _ => { });

        using var response = await app.Client.GetAsync(url);
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("default-src 'self'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("__profile__/nope")]
    [InlineData("__profile__/api/nope")]
    [InlineData("__profile__/missing.js")]
    public async Task MapHotpath_UnknownSubPath_ReachesTheAppsOwn404(string url)
    {
        await using var app = await StartAsync("Development", _ => { });

        using var response = await app.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AppNotFound, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MapHotpath_PathWithoutSlash_RedirectsToThePage()
    {
        await using var app = await StartAsync("Development", _ => { });

        using var response = await app.Client.GetAsync("__profile__?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/__profile__/?x=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task MapHotpath_RequireHost_OtherHostsAreNotServedByTheMiddlewareEither()
    {
        await using var app = await StartAsync("Development", e => e.RequireHost("profiler.example"));
        using var matching = new HttpRequestMessage(HttpMethod.Get, "__profile__/api/functions");
        matching.Headers.Host = "profiler.example";

        using var other = await app.Client.GetAsync("__profile__/api/functions");
        using var served = await app.Client.SendAsync(matching);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(AppNotFound, await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task MapHotpath_StateChangingRoutes_StillNeedTheAntiforgeryToken()
    {
        await using var app = await StartAsync("Development", _ => { });

        using var refused = await app.Client.PostAsync("__profile__/api/clear", content: null);
        var antiforgery = await app.Client.GetFromJsonAsync<AntiforgeryBody>("__profile__/api/antiforgery");
        using var request = new HttpRequestMessage(HttpMethod.Post, "__profile__/api/clear");
        request.Headers.Add(antiforgery!.Header, antiforgery.Token);
        using var accepted = await app.Client.SendAsync(request);
        using var wrongMethod = await app.Client.GetAsync("__profile__/api/clear");
        using var postAsset = await app.Client.PostAsync("__profile__/app.js", content: null);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, postAsset.StatusCode);
    }

    [Fact]
    public async Task MapHotpath_RequireRateLimiting_LimitsTheApi()
    {
        await using var app = await StartAsync("Development", e => e.RequireRateLimiting("one"), rateLimit: true);

        using var first = await app.Client.GetAsync("__profile__/api/functions");
        using var second = await app.Client.GetAsync("__profile__/api/functions");
        using var own = await app.Client.GetAsync(InProcessApp.AppEndpoint);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task MapHotpath_CalledTwice_ThrowsSayingSo()
    {
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        await using var app = builder.Build();
        app.MapHotpath();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapHotpath());

        Assert.Contains("already", error.Message, StringComparison.Ordinal);
    }

    private static async Task<InProcessApp> StartAsync(string environment, Action<IEndpointConventionBuilder> conventions, bool authentication = false, bool rateLimit = false, bool fallback = false, bool policyOption = false)
    {
        var builder = InProcessApp.CreateBuilder(environment);
        if (authentication)
        {
            builder.Services.AddAuthentication(TestUserAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestUserAuthenticationHandler>(TestUserAuthenticationHandler.SchemeName, configureOptions: null);
            builder.Services.AddAuthorization(o => o.AddPolicy("profilers", p => p.RequireAuthenticatedUser()));
        }

        if (rateLimit)
        {
            builder.Services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.AddFixedWindowLimiter("one", w => { w.PermitLimit = 1; w.Window = TimeSpan.FromMinutes(5); w.QueueLimit = 0; w.QueueProcessingOrder = QueueProcessingOrder.OldestFirst; });
            });
        }

        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.AuthorizationPolicy = policyOption ? "profilers" : null);
        var app = builder.Build();
        app.UseHotpath();
        app.UseStatusCodePages("text/plain", "app-not-found {0}");
        if (rateLimit)
        {
            app.UseRouting();
            app.UseRateLimiter();
        }

        conventions(app.MapHotpath());
        app.MapGet(InProcessApp.AppEndpoint, () => "app");
        if (fallback)
        {
            app.MapFallback(() => "app-fallback");
        }

        return await InProcessApp.StartAsync(app);
    }

    private sealed record AntiforgeryBody(string Token, string Header);
}
