using System.Net;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>
/// The loopback + Development default on a real Kestrel, with the forwarded-headers set-up containers use
/// (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>: UseForwardedHeaders first, accepting any proxy). A Kestrel connection
/// middleware gives each connection the address of a remote machine, as if it came from 10.1.2.3.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ForwardedHeadersAccessTests
{
    private static readonly IPEndPoint RemoteClient = new(IPAddress.Parse("10.1.2.3"), 50_000);

    [Fact]
    public async Task Profile_RemoteClientSpoofingLoopbackWithForwardedHeadersEnabled_IsNotServed()
    {
        await using var app = await StartAsync(remoteConnections: true, forwardedHeadersEnabled: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "__profile__/api/functions");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");

        using var spoofed = await app.Client.SendAsync(request);
        using var own = await app.Client.GetAsync("whoami");

        Assert.Equal(HttpStatusCode.NotFound, spoofed.StatusCode);
        // Proof that forwarded headers really were applied: the app saw the spoofed address, not 10.1.2.3.
        using var ownRequest = new HttpRequestMessage(HttpMethod.Get, "whoami");
        ownRequest.Headers.Add("X-Forwarded-For", "127.0.0.1");
        using var ownSpoofed = await app.Client.SendAsync(ownRequest);
        Assert.Equal("127.0.0.1", await ownSpoofed.Content.ReadAsStringAsync());
        Assert.Equal("10.1.2.3", await own.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Profile_RemoteClientWithoutHeaders_IsNotServed()
    {
        await using var app = await StartAsync(remoteConnections: true, forwardedHeadersEnabled: true);

        using var response = await app.Client.GetAsync("__profile__/api/functions");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    [InlineData("Forwarded", "for=127.0.0.1")]
    public async Task Profile_LoopbackConnectionWithProxyHeader_IsNotServed(string header, string value)
    {
        // A reverse proxy or tunnel on the same host: the connection is loopback, the client is not.
        await using var app = await StartAsync(remoteConnections: false, forwardedHeadersEnabled: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "__profile__/api/functions");
        request.Headers.TryAddWithoutValidation(header, value);

        using var proxied = await app.Client.SendAsync(request);
        using var direct = await app.Client.GetAsync("__profile__/api/functions");

        Assert.Equal(HttpStatusCode.NotFound, proxied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    private static async Task<InProcessApp> StartAsync(bool remoteConnections, bool forwardedHeadersEnabled)
    {
        var builder = InProcessApp.CreateBuilder("Development");
        if (forwardedHeadersEnabled)
        {
            // What ASPNETCORE_FORWARDEDHEADERS_ENABLED=true sets (the environment prefix stripped).
            builder.Configuration["FORWARDEDHEADERS_ENABLED"] = "true";
        }

        if (remoteConnections)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
            {
                connection.RemoteEndPoint = RemoteClient;
                return next(connection);
            })));
        }

        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        var app = InProcessApp.Build(builder);
        app.MapGet("/whoami", (Microsoft.AspNetCore.Http.HttpContext context) => context.Connection.RemoteIpAddress?.ToString());
        return await InProcessApp.StartAsync(app);
    }
}
