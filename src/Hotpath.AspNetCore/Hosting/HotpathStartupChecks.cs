using Hotpath.AspNetCore.Ui;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Hosting;

/// <summary>
/// Checks what options validation cannot see, once the app's pipeline and endpoints exist: that the named authorization
/// policy is registered, and that no route of the app lies under <see cref="HotpathOptions.Path"/>. Either mistake used to
/// start silently (404 for everyone, or the app's routes swallowed); now start-up fails and says what to change.
/// </summary>
internal sealed class HotpathStartupChecks(IOptions<HotpathOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // The app's own Configure runs inside next: only afterwards are all its endpoints mapped.
        next(app);
        var value = options.Value;
        if (value.Enabled)
        {
            CheckPolicy(app.ApplicationServices, value);
            CheckPath(app.ApplicationServices, value);
        }
    };

    private static void CheckPolicy(IServiceProvider services, HotpathOptions options)
    {
        if (options.AuthorizationPolicy is not { } name)
        {
            return;
        }

        var provider = services.GetService<IAuthorizationPolicyProvider>();
        if (provider is null || services.GetService<IPolicyEvaluator>() is null)
        {
            throw new InvalidOperationException(
                $"{HotpathOptions.SectionName}:AuthorizationPolicy is '{name}', but authorization is not set up: call builder.Services.AddAuthorization(o => o.AddPolicy(\"{name}\", p => ...)) "
                + "(and AddAuthentication for the scheme that identifies users), or unset the option.");
        }

        if (provider.GetPolicyAsync(name).GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException(
                $"{HotpathOptions.SectionName}:AuthorizationPolicy is '{name}', but no authorization policy has that name: register it with builder.Services.AddAuthorization(o => o.AddPolicy(\"{name}\", p => ...)), "
                + "or set the option to the name of a policy you registered. Without it nobody could open the profile.");
        }
    }

    private static void CheckPath(IServiceProvider services, HotpathOptions options)
    {
        if (services.GetService<EndpointDataSource>() is not { } source)
        {
            return;
        }

        var prefix = options.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var collisions = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HotpathEndpointMetadata>() is null && StartsWith(e.RoutePattern, prefix))
            .Select(e => "'" + (e.RoutePattern.RawText ?? e.DisplayName) + "'")
            .Distinct(StringComparer.Ordinal)
            .Take(5)
            .ToList();
        if (collisions.Count > 0)
        {
            throw new InvalidOperationException(
                $"{HotpathOptions.SectionName}:Path '{options.Path}' collides with the application's route(s) {string.Join(", ", collisions)}: Hotpath claims every request under "
                + $"{options.Path}, so those routes could not be reached. Set Hotpath:Path to a prefix no route of the app uses, e.g. '/__profile__'.");
        }
    }

    // Only literal segments collide: a parameter ({controller}) or catch-all matches the profile path, but the request
    // never was the app's to begin with.
    private static bool StartsWith(RoutePattern pattern, string[] prefix)
    {
        if (pattern.PathSegments.Count < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            var segment = pattern.PathSegments[i];
            if (!segment.IsSimple || segment.Parts[0] is not RoutePatternLiteralPart literal
                || !string.Equals(literal.Content, prefix[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
