using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// Serves the profile UI's static shell (embedded assets) and the routes every <see cref="IProfileApi"/> adds: access
/// check, security headers, route match, antiforgery on state changes.
/// </summary>
internal sealed class ProfileEndpoints
{
    private readonly HotpathOptions _options;
    private readonly IAntiforgery _antiforgery;
    private readonly IFileProvider _assets;

    public ProfileEndpoints(IOptions<HotpathOptions> options, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, IEnumerable<IProfileApi> apis)
    {
        _options = options.Value;
        _antiforgery = antiforgery;
        _assets = new ManifestEmbeddedFileProvider(typeof(ProfileEndpoints).Assembly, "Ui/assets");

        // The application's own antiforgery settings decide the header; the UI learns it from api/antiforgery.
        TokenHeader = antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken";
        foreach (var api in apis)
        {
            api.Map(Routes);
        }
    }

    /// <summary>Every route under the profile path.</summary>
    public ProfileRoutes Routes { get; } = new();

    /// <summary>The header the antiforgery token travels in.</summary>
    public string TokenHeader { get; }

    public async Task HandleAsync(HttpContext context, PathString remaining)
    {
        if (!await ProfileAccess.IsAllowedAsync(context, _options).ConfigureAwait(false))
        {
            // 404, not 403: do not even reveal that a profiler is installed.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var response = context.Response;
        ApplySecurityHeaders(response);

        var method = context.Request.Method;
        var path = remaining.Value ?? string.Empty;
        if (path.Length == 0)
        {
            // Relative URLs in the page resolve against a path ending in '/'.
            response.Redirect(context.Request.PathBase + _options.Path + "/" + context.Request.QueryString);
            return;
        }

        var relative = path[1..];
        var values = new RouteValueDictionary();
        var route = Routes.Match(method, relative, values, out var pathMatched);
        if (route is not null)
        {
            foreach (var (key, value) in values)
            {
                context.Request.RouteValues[key] = value;
            }

            await InvokeAsync(context, route).ConfigureAwait(false);
            return;
        }

        if (!pathMatched && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && await TrySendAssetAsync(context, relative.Length == 0 ? "index.html" : relative).ConfigureAwait(false))
        {
            return;
        }

        response.StatusCode = pathMatched || AssetExists(relative) ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
    }

    /// <summary>Runs a matched route: antiforgery first for state changes.</summary>
    public async Task InvokeAsync(HttpContext context, ProfileRoute route)
    {
        if (route.StateChanging)
        {
            try
            {
                await _antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException)
            {
                await ProfileHttp.BadRequestAsync(context, "Missing or invalid anti-forgery token: fetch api/antiforgery and send its token in the " + TokenHeader + " header.").ConfigureAwait(false);
                return;
            }
        }

        await route.Handler(context).ConfigureAwait(false);
    }

    internal static void ApplySecurityHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private bool AssetExists(string name) => name.Length == 0 || (IsAssetName(name) && _assets.GetFileInfo(name).Exists);

    // Only the embedded files, by plain name: no directories, no traversal.
    private static bool IsAssetName(string name) =>
        name.Length > 0 && name.AsSpan().IndexOfAny("/\\") < 0 && !name.StartsWith('.') && ContentType(name) is not null;

    private static string? ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => null,
    };

    private async Task<bool> TrySendAssetAsync(HttpContext context, string name)
    {
        if (!IsAssetName(name))
        {
            return false;
        }

        var file = _assets.GetFileInfo(name);
        if (!file.Exists)
        {
            return false;
        }

        context.Response.ContentType = ContentType(name);
        context.Response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return true;
        }

        await using var stream = file.CreateReadStream();
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        return true;
    }
}
