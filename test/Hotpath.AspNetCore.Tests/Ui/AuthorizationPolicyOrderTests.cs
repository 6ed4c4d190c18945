using System.Net;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>
/// <see cref="HotpathOptions.AuthorizationPolicy"/> with <c>UseAuthentication()</c> after <c>UseHotpath()</c> (the order
/// the README asks for), on a WebApplication (which then does not insert authentication itself) and on a plain generic
/// host with <c>ConfigureWebHost</c> (which never does). Denied callers reach the app's own 404.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class AuthorizationPolicyOrderTests
{
    private const string AppNotFound = "app-not-found";

    public static TheoryData<bool, bool> Hosts => new()
    {
        { false, false }, // WebApplication, policy without schemes: the default scheme authenticates
        { false, true },  // WebApplication, policy naming its scheme, no default scheme
        { true, false },  // generic host, default scheme
        { true, true },   // generic host, policy's scheme
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Profile_PolicyWithAuthenticationAfterHotpath_ServesTheUserAndSendsOthersToTheApp(bool genericHost, bool policyNamesScheme)
    {
        await using var app = genericHost ? await GenericHostApp.StartAsync(policyNamesScheme) : await StartWebApplicationAsync(policyNamesScheme);

        foreach (var url in new[] { "__profile__/", "__profile__/api/functions", "__profile__/export/collapsed" })
        {
            using var anonymous = await app.Client.GetAsync(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add(TestUserAuthenticationHandler.HeaderName, "alice");
            using var authenticated = await app.Client.SendAsync(request);

            Assert.True(authenticated.StatusCode == HttpStatusCode.OK, $"{url} as alice answered {(int)authenticated.StatusCode}");
            Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
            Assert.Equal(AppNotFound, await anonymous.Content.ReadAsStringAsync());
        }
    }

    private static void AddServices(IServiceCollection services, bool policyNamesScheme)
    {
        var authentication = policyNamesScheme ? services.AddAuthentication() : services.AddAuthentication(TestUserAuthenticationHandler.SchemeName);
        authentication.AddScheme<AuthenticationSchemeOptions, TestUserAuthenticationHandler>(TestUserAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization(o => o.AddPolicy("profilers", p =>
        {
            if (policyNamesScheme)
            {
                p.AddAuthenticationSchemes(TestUserAuthenticationHandler.SchemeName);
            }

            p.RequireAuthenticatedUser();
        }));
        InProcessApp.AddHotpathWithoutProfiler(services, o => o.AuthorizationPolicy = "profilers");
    }

    private static Task AppNotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return context.Response.WriteAsync(AppNotFound);
    }

    private static async Task<GenericHostApp> StartWebApplicationAsync(bool policyNamesScheme)
    {
        var builder = InProcessApp.CreateBuilder("Production");
        AddServices(builder.Services, policyNamesScheme);
        var app = InProcessApp.Build(builder);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapFallback(AppNotFoundAsync);
        await app.StartAsync();
        return new GenericHostApp(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
    }

    /// <summary>A started host and a client for it; <see cref="StartAsync"/> builds a generic host with a bare web host (no authentication, routing or endpoints are added for you).</summary>
    private sealed class GenericHostApp : IAsyncDisposable
    {
        private readonly IHost _host;

        public GenericHostApp(IHost host, Uri address)
        {
            _host = host;
            Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        }

        public HttpClient Client { get; }

        public static async Task<GenericHostApp> StartAsync(bool policyNamesScheme)
        {
            var host = new HostBuilder()
                .UseEnvironment("Production")
                .ConfigureLogging(l => l.ClearProviders())
                .ConfigureWebHost(web => web
                    .UseKestrel()
                    .UseUrls("http://127.0.0.1:0")
                    .ConfigureServices(services => AddServices(services, policyNamesScheme))
                    .Configure(app =>
                    {
                        app.UseHotpath();
                        app.UseAuthentication();
                        app.Run(AppNotFoundAsync);
                    }))
                .Build();
            await host.StartAsync();
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new GenericHostApp(host, new Uri(address.TrimEnd('/') + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}
