using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// Makes <c>MapHotpath</c>'s endpoints invisible to callers who may not see the profile: routing drops them from the
/// candidates, so the request goes on as if they did not exist (the app's fallback endpoint, or its 404). Endpoints with
/// the app's own authorization metadata are left to the authorization middleware, apart from
/// <see cref="HotpathOptions.AuthorizationPolicy"/>, which is checked here too.
/// </summary>
internal sealed class ProfileAccessMatcherPolicy(IOptions<HotpathOptions> options) : MatcherPolicy, IEndpointSelectorPolicy
{
    /// <summary>The <see cref="HttpContext.Items"/> key that records the decision for the endpoint.</summary>
    public static readonly object AllowedKey = new();

    // After the built-in policies (host, HTTP method: order -1000 and below), before anything the app adds late.
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<HotpathEndpointMetadata>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public async Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(candidates);
        for (var i = 0; i < candidates.Count; i++)
        {
            var endpoint = candidates[i].Endpoint;
            if (!candidates.IsValidCandidate(i) || endpoint?.Metadata.GetMetadata<HotpathEndpointMetadata>() is null)
            {
                continue;
            }

            var allowed = await ProfileAccess.IsAllowedAsync(httpContext, options.Value, ProfileAccess.HasAuthorizationMetadata(endpoint)).ConfigureAwait(false);
            if (allowed)
            {
                httpContext.Items[AllowedKey] = endpoint;
            }
            else
            {
                candidates.SetValidity(i, false);
            }
        }
    }
}
