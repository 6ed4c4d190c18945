using System.Net;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Ui;

[Collection(DemoCollection.Name)]
public sealed class ProfileAccessIntegrationTests
{
    public static TheoryData<string> ProfileUrls => new() { "__profile__/", "__profile__/api/functions", "__profile__/export/collapsed", "__profile__/app.js" };

    [Theory]
    [MemberData(nameof(ProfileUrls))]
    public async Task Profile_ProductionByDefault_Returns404WhileTheAppAnswers(string url)
    {
        var builder = InProcessApp.CreateBuilder("Production");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        await using var app = await InProcessApp.StartAsync(InProcessApp.Build(builder));

        using var profile = await app.Client.GetAsync(url);
        using var own = await app.Client.GetAsync(InProcessApp.AppEndpoint);

        Assert.Equal(HttpStatusCode.NotFound, profile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("app", await own.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(ProfileUrls))]
    public async Task Profile_ProductionWithAllowRemoteAccess_Returns200(string url)
    {
        var builder = InProcessApp.CreateBuilder("Production");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.AllowRemoteAccess = true);
        await using var app = await InProcessApp.StartAsync(InProcessApp.Build(builder));

        using var profile = await app.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    [Fact]
    public async Task Profile_ProductionPostWithoutTokenAndNoAccess_Returns404NotAntiforgeryError()
    {
        var builder = InProcessApp.CreateBuilder("Production");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        await using var app = await InProcessApp.StartAsync(InProcessApp.Build(builder));

        using var clear = await app.Client.PostAsync("__profile__/api/clear", content: null);

        Assert.Equal(HttpStatusCode.NotFound, clear.StatusCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Profile_AuthorizationPolicy_Returns404ToAnonymousAnd200ToAuthenticatedUser(string environment)
    {
        var builder = InProcessApp.CreateBuilder(environment);
        builder.Services.AddAuthentication(TestUserAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestUserAuthenticationHandler>(TestUserAuthenticationHandler.SchemeName, configureOptions: null);
        builder.Services.AddAuthorization(o => o.AddPolicy("profilers", p => p.RequireAuthenticatedUser()));
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.AuthorizationPolicy = "profilers");
        await using var app = await InProcessApp.StartAsync(InProcessApp.Build(builder));

        foreach (var url in new[] { "__profile__/", "__profile__/api/functions", "__profile__/export/collapsed" })
        {
            using var anonymous = await app.Client.GetAsync(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add(TestUserAuthenticationHandler.HeaderName, "alice");
            using var authenticated = await app.Client.SendAsync(request);

            Assert.True(anonymous.StatusCode == HttpStatusCode.NotFound, $"{url} without a user answered {(int)anonymous.StatusCode}");
            Assert.True(authenticated.StatusCode == HttpStatusCode.OK, $"{url} as alice answered {(int)authenticated.StatusCode}");
        }

        using var own = await app.Client.GetAsync(InProcessApp.AppEndpoint);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }
}
