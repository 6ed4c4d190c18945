using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// Decides who may see the profile. Safe by default: only direct loopback clients in the Development environment, unless
/// an authorization policy is configured (then the policy alone decides), remote access is explicitly allowed, or the
/// endpoints carry the application's own authorization metadata (<c>MapHotpath().RequireAuthorization(...)</c>).
/// </summary>
internal static class ProfileAccess
{
    // Headers proxies, load balancers and tunnels add (and UseForwardedHeaders leaves behind, X-Original-*). On a loopback
    // connection any of them means the real client is somewhere else.
    private static readonly string[] ProxyHeaders =
    [
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded", "Via",
        "X-Original-For", "X-Original-Host", "X-Original-Proto", "X-Original-Prefix",
        "X-Real-IP", "True-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP", "X-Client-IP", "X-Cluster-Client-IP",
    ];

    /// <summary>Whether the caller may see the profile.</summary>
    /// <param name="context">The request.</param>
    /// <param name="options">Hotpath's options.</param>
    /// <param name="authorizedByEndpoint">
    /// The endpoint carries the application's own authorization metadata, which the authorization middleware enforces: it
    /// replaces the loopback + Development default (a configured <see cref="HotpathOptions.AuthorizationPolicy"/> still applies).
    /// </param>
    public static async Task<bool> IsAllowedAsync(HttpContext context, HotpathOptions options, bool authorizedByEndpoint = false)
    {
        if (options.AuthorizationPolicy is { } policyName)
        {
            return await PolicyAllowsAsync(context, policyName).ConfigureAwait(false);
        }

        if (authorizedByEndpoint || options.AllowRemoteAccess)
        {
            return true;
        }

        var environment = context.RequestServices.GetService<IHostEnvironment>();
        return environment is not null && environment.IsDevelopment() && IsLoopback(context.Connection.RemoteIpAddress) && !HasProxyHeader(context);
    }

    /// <summary>Whether endpoint metadata asks the authorization middleware to decide (RequireAuthorization, AllowAnonymous, a policy object).</summary>
    public static bool HasAuthorizationMetadata(Endpoint? endpoint) =>
        endpoint is not null && (endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null
            || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is not null
            || endpoint.Metadata.GetMetadata<IAuthorizationRequirementData>() is not null);

    // The connection's own address. With UseForwardedHeaders before Hotpath it may come from X-Forwarded-For, which any
    // client can send: HasProxyHeader refuses those requests.
    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    internal static bool HasProxyHeader(HttpContext context)
    {
        var headers = context.Request.Headers;
        foreach (var name in ProxyHeaders)
        {
            if (headers.ContainsKey(name))
            {
                return true;
            }
        }

        // The application may have renamed the headers UseForwardedHeaders reads and writes.
        if (context.RequestServices.GetService<IOptions<ForwardedHeadersOptions>>()?.Value is { } forwarded)
        {
            foreach (var name in (ReadOnlySpan<string>)[forwarded.ForwardedForHeaderName, forwarded.ForwardedHostHeaderName, forwarded.ForwardedProtoHeaderName,
                forwarded.ForwardedPrefixHeaderName, forwarded.OriginalForHeaderName, forwarded.OriginalHostHeaderName, forwarded.OriginalProtoHeaderName,
                forwarded.OriginalPrefixHeaderName])
            {
                if (!string.IsNullOrEmpty(name) && headers.ContainsKey(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Authenticates with the policy's own schemes or, when it names none, the default scheme: Hotpath usually runs before
    // UseAuthentication, so context.User is not set yet.
    private static async Task<bool> PolicyAllowsAsync(HttpContext context, string policyName)
    {
        var services = context.RequestServices;
        var provider = services.GetService<IAuthorizationPolicyProvider>();
        var evaluator = services.GetService<IPolicyEvaluator>();
        if (provider is null || evaluator is null)
        {
            return false;
        }

        var policy = await provider.GetPolicyAsync(policyName).ConfigureAwait(false);
        if (policy is null)
        {
            return false;
        }

        if (policy.AuthenticationSchemes.Count == 0 && services.GetService<IAuthenticationSchemeProvider>() is { } schemes
            && await schemes.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false) is { } scheme)
        {
            policy = new AuthorizationPolicy(policy.Requirements, [scheme.Name]);
        }

        var authentication = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, resource: context).ConfigureAwait(false);
        return authorization.Succeeded;
    }
}
