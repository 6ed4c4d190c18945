using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Hotpath.Attach;

/// <summary>Decides <see cref="LoopbackRequirement"/> by the connection's own address (not forwarded headers).</summary>
internal sealed class LoopbackRequirementHandler(IHttpContextAccessor accessor) : AuthorizationHandler<LoopbackRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LoopbackRequirement requirement)
    {
        var address = accessor.HttpContext?.Connection.RemoteIpAddress;
        if (address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
