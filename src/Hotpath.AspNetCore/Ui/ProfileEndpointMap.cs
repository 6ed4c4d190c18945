using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// Turns the route table (<see cref="ProfileEndpoints.Routes"/>) and the embedded assets into endpoints under
/// <see cref="HotpathOptions.Path"/>, in one route group so the caller's conventions reach every one of them.
/// </summary>
internal static class ProfileEndpointMap
{
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];
    private static readonly string[] PostMethods = [HttpMethods.Post];

    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, ProfileEndpoints profile, HotpathOptions options)
    {
        var group = endpoints.MapGroup(options.Path);
        group.WithMetadata(HotpathEndpointMetadata.Instance);
        group.ExcludeFromDescription();
        if (!options.Enabled)
        {
            return group;
        }

        profile.IsMapped = true;

        // Routing treats a trailing slash as optional: this one endpoint answers {Path} (redirect) and {Path}/ (the page).
        group.MapMethods("/", ReadMethods, (RequestDelegate)profile.ServeRootAsync).WithDisplayName("Hotpath UI");
        foreach (var route in profile.Routes.All)
        {
            RequestDelegate handler = context => profile.ServeRouteAsync(context, route);
            var methods = route.Method == HttpMethods.Get ? ReadMethods : PostMethods;
            group.MapMethods("/" + route.Template, methods, handler).WithDisplayName($"Hotpath {route.Method} {route.Template}");
        }

        foreach (var name in profile.AssetNames)
        {
            RequestDelegate handler = context => profile.ServeAssetAsync(context, name);
            group.MapMethods("/" + name, ReadMethods, handler).WithDisplayName("Hotpath asset " + name);
        }

        return group;
    }
}
