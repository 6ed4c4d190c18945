using Hotpath.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Hotpath to the request pipeline.</summary>
public static class HotpathApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the Hotpath middleware: it marks each request so samples can be attributed to it, and serves the profile UI,
    /// API and exports under <see cref="HotpathOptions.Path"/> unless the app maps them as endpoints with
    /// <see cref="HotpathEndpointRouteBuilderExtensions.MapHotpath"/>. Requests under the path that it does not answer
    /// (callers who may not see the profile, unknown sub-paths) go on to the rest of the pipeline. Call it early, before
    /// the middleware you want to see.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder, for chaining.</returns>
    public static IApplicationBuilder UseHotpath(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<HotpathMiddleware>();
    }
}
