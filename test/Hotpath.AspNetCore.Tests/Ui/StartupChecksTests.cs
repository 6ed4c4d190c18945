using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>Mistakes that used to start silently and 404 everyone (or break the app's routes) now stop start-up with a message that says what to change.</summary>
[Collection(DemoCollection.Name)]
public sealed class StartupChecksTests
{
    [Fact]
    public async Task StartAsync_UnregisteredAuthorizationPolicy_FailsNamingThePolicy()
    {
        var builder = InProcessApp.CreateBuilder("Development");
        builder.Services.AddAuthorization(o => o.AddPolicy("admins", p => p.RequireAuthenticatedUser()));
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.AuthorizationPolicy = "no-such-policy");
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("Hotpath:AuthorizationPolicy", error.Message, StringComparison.Ordinal);
        Assert.Contains("'no-such-policy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddPolicy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_AuthorizationPolicyWithoutAuthorizationServices_FailsSayingWhatToAdd()
    {
        var builder = InProcessApp.CreateBuilder("Development");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.AuthorizationPolicy = "profilers");
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("'profilers'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddAuthorization", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api", "/api/orders/{id}")]
    [InlineData("/api", "/API")]
    [InlineData("/__profile__", "/__profile__/custom")]
    [InlineData("/ops/profile", "/ops/profile/{**rest}")]
    public async Task StartAsync_PathCollidesWithAnAppRoute_FailsNamingBoth(string path, string route)
    {
        var builder = InProcessApp.CreateBuilder("Development");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.Path = path);
        await using var app = InProcessApp.Build(builder);
        app.MapGet(route, () => "mine");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("Hotpath:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(route.TrimStart('/'), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api", "/apiary")]
    [InlineData("/api", "/{controller}/{action}")]
    [InlineData("/__profile__", "/{**slug}")]
    public async Task StartAsync_RoutesThatOnlyLookAlike_Start(string path, string route)
    {
        var builder = InProcessApp.CreateBuilder("Development");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.Path = path);
        var app = InProcessApp.Build(builder);
        app.MapGet(route, () => "mine");

        await using var running = await InProcessApp.StartAsync(app);

        Assert.Equal("app", await running.Client.GetStringAsync(InProcessApp.AppEndpoint));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task StartAsync_PathIsTheSiteRoot_FailsValidation(string path)
    {
        var builder = InProcessApp.CreateBuilder("Development");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.Path = path);
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Hotpath:Path", error.Message, StringComparison.Ordinal);
    }
}
