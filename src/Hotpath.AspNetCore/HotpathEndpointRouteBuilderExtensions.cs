using Hotpath.AspNetCore;
using Hotpath.AspNetCore.Ui;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Hotpath's UI, API and exports as endpoints.</summary>
public static class HotpathEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the profile UI, its JSON API and exports under <see cref="HotpathOptions.Path"/> as endpoints, so
    /// <c>.RequireAuthorization(...)</c>, <c>.RequireHost(...)</c>, rate limiting and CORS attach as on any endpoint.
    /// <c>UseHotpath()</c> still marks requests, and stops serving the profile itself. Authorization metadata you attach
    /// replaces the default rule (loopback clients in Development only); <see cref="HotpathOptions.AuthorizationPolicy"/>,
    /// when set, still applies on top of it. Other callers get 404.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>, or a route group).</param>
    /// <returns>A builder for conventions that apply to every Hotpath endpoint.</returns>
    public static IEndpointConventionBuilder MapHotpath(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var profile = endpoints.ServiceProvider.GetService<ProfileEndpoints>()
            ?? throw new InvalidOperationException("MapHotpath needs Hotpath's services: call builder.Services.AddHotpath() first.");
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<HotpathOptions>>().Value;
        return ProfileEndpointMap.Map(endpoints, profile, options);
    }
}
