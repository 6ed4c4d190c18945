using System.Net;
using Hotpath.AspNetCore.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hotpath.AspNetCore.Tests.Ui;

public sealed class ProfileAccessTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("127.0.0.2")]
    public async Task IsAllowedAsync_LoopbackClientInDevelopment_ReturnsTrue(string address)
    {
        var context = Context(Environments.Development, address);

        Assert.True(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions()));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.10")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("2001:db8::1")]
    public async Task IsAllowedAsync_RemoteClientInDevelopment_ReturnsFalse(string address)
    {
        var context = Context(Environments.Development, address);

        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions()));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    [InlineData("Forwarded", "for=127.0.0.1")]
    [InlineData("X-Real-IP", "127.0.0.1")]
    [InlineData("X-Forwarded-Host", "localhost")]
    [InlineData("CF-Connecting-IP", "203.0.113.9")]
    public async Task IsAllowedAsync_LoopbackConnectionCarryingAProxyHeader_ReturnsFalse(string header, string value)
    {
        // A same-host proxy or tunnel makes every client a loopback connection; its header gives it away.
        var context = Context(Environments.Development, "127.0.0.1");
        context.Request.Headers[header] = value;

        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions()));
    }

    [Fact]
    public async Task IsAllowedAsync_LoopbackAddressSetByForwardedHeaders_ReturnsFalse()
    {
        // What UseForwardedHeaders leaves behind after it replaced a remote address with the X-Forwarded-For value.
        var context = Context(Environments.Development, "127.0.0.1");
        context.Request.Headers["X-Original-For"] = "10.1.2.3:50000";

        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions()));
    }

    [Fact]
    public async Task IsAllowedAsync_LoopbackWithTheAppsRenamedForwardedHeader_ReturnsFalse()
    {
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development })
            .Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => o.ForwardedForHeaderName = "X-Edge-Client")
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        var direct = await ProfileAccess.IsAllowedAsync(context, new HotpathOptions());
        context.Request.Headers["X-Edge-Client"] = "203.0.113.9";

        Assert.True(direct);
        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions()));
    }

    [Fact]
    public async Task IsAllowedAsync_EndpointCarriesTheAppsAuthorization_ReplacesTheDefaultInProduction()
    {
        var context = Context(Environments.Production, "10.1.2.3");

        Assert.True(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions(), authorizedByEndpoint: true));
        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions { AuthorizationPolicy = "profilers" }, authorizedByEndpoint: true));
    }

    [Fact]
    public async Task IsAllowedAsync_LoopbackClientInProduction_ReturnsFalse()
    {
        var context = Context(Environments.Production, "127.0.0.1");

        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions()));
    }

    [Fact]
    public async Task IsAllowedAsync_NoRemoteAddress_ReturnsFalse()
    {
        var context = Context(Environments.Development, address: null);

        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions()));
    }

    [Fact]
    public async Task IsAllowedAsync_RemoteClientInProductionWithAllowRemoteAccess_ReturnsTrue()
    {
        var context = Context(Environments.Production, "10.1.2.3");

        Assert.True(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions { AllowRemoteAccess = true }));
    }

    [Fact]
    public async Task IsAllowedAsync_PolicyConfiguredButAuthorizationNotRegistered_ReturnsFalse()
    {
        // Even a loopback client in Development: a named policy that cannot be evaluated must not open the profile.
        var context = Context(Environments.Development, "127.0.0.1");

        Assert.False(await ProfileAccess.IsAllowedAsync(context, new HotpathOptions { AuthorizationPolicy = "profilers" }));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:10.1.2.3", false)]
    public void IsLoopback_Address_RecognisesOnlyLoopback(string address, bool expected)
    {
        Assert.Equal(expected, ProfileAccess.IsLoopback(IPAddress.Parse(address)));
    }

    [Fact]
    public void IsLoopback_Null_ReturnsFalse()
    {
        Assert.False(ProfileAccess.IsLoopback(null));
    }

    private static DefaultHttpContext Context(string environment, string? address)
    {
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment })
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        return context;
    }
}
