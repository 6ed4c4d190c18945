using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// Decides who may see the profile. Safe by default: only loopback clients in the Development environment, unless an
/// authorization policy is configured (then the policy alone decides) or remote access is explicitly allowed.
/// </summary>
internal static class ProfileAccess
{
    public static async Task<bool> IsAllowedAsync(HttpContext context, HotpathOptions options)
    {
        if (options.AuthorizationPolicy is { } policyName)
        {
            var provider = context.RequestServices.GetService<IAuthorizationPolicyProvider>();
            var evaluator = context.RequestServices.GetService<IPolicyEvaluator>();
            if (provider is null || evaluator is null)
            {
                return false;
            }

            var policy = await provider.GetPolicyAsync(policyName).ConfigureAwait(false);
            if (policy is null)
            {
                return false;
            }

            var authentication = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
            var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, resource: null).ConfigureAwait(false);
            return authorization.Succeeded;
        }

        if (options.AllowRemoteAccess)
        {
            return true;
        }

        var environment = context.RequestServices.GetService<IHostEnvironment>();
        return environment is not null && environment.IsDevelopment() && IsLoopback(context.Connection.RemoteIpAddress);
    }

    // The connection's own address, not X-Forwarded-For: UseHotpath runs first, so headers cannot spoof it.
    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
