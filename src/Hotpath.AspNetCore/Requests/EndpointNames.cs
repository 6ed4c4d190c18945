using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hotpath.AspNetCore.Requests;

/// <summary>The one name of a routing endpoint that requests, endpoint statistics and errors group by.</summary>
internal static class EndpointNames
{
    /// <summary>The route pattern with its methods (<c>GET /api/orders/{id}</c>), else the display name; null when not routed.</summary>
    public static string? Of(Endpoint? endpoint) => endpoint switch
    {
        null => null,
        RouteEndpoint route when route.RoutePattern.RawText is { } pattern => MethodsOf(route) + "/" + pattern.TrimStart('/'),
        _ => endpoint.DisplayName,
    };

    private static string MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods
            ? string.Join(",", methods) + " "
            : string.Empty;
}
