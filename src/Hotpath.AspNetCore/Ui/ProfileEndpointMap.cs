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
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, ProfileEndpoints profile, HotpathOptions options)
    {
        if (profile.IsMapped)
        {
            throw new InvalidOperationException("MapHotpath was already called: map Hotpath's endpoints once (attach every convention to the builder it returns).");
        }

        var group = endpoints.MapGroup(options.Path);
        group.WithMetadata(HotpathEndpointMetadata.Instance);
        group.ExcludeFromDescription();
        if (!options.Enabled)
        {
            return group;
        }

        profile.IsMapped = true;

        // No HTTP method metadata: routing's 405 would answer callers the access rule turns away. Handlers check the method.
        // Routing treats a trailing slash as optional: this one endpoint answers {Path} (redirect) and {Path}/ (the page).
        group.Map("/", profile.ServeRootAsync).WithDisplayName("Hotpath UI");
        foreach (var routes in profile.Routes.All.GroupBy(r => r.Template, StringComparer.OrdinalIgnoreCase))
        {
            var sameTemplate = routes.ToList();
            RequestDelegate handler = context => profile.ServeTemplateAsync(context, sameTemplate);
            group.Map("/" + routes.Key, handler).WithDisplayName("Hotpath " + routes.Key);
        }

        foreach (var name in profile.AssetNames)
        {
            RequestDelegate handler = context => profile.ServeAssetAsync(context, name);
            group.Map("/" + name, handler).WithDisplayName("Hotpath asset " + name);
        }

        return group;
    }
}
