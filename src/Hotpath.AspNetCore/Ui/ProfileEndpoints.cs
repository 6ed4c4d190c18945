using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// Serves the profile UI's static shell (embedded assets) and the routes every <see cref="IProfileApi"/> adds: access
/// check, security headers, route match, antiforgery on state changes. The middleware (<see cref="HandleAsync"/>) and
/// the endpoints of <c>MapHotpath</c> (<see cref="ServeTemplateAsync"/>, <see cref="ServeAssetAsync"/>) share all of it.
/// </summary>
internal sealed class ProfileEndpoints
{
    private readonly HotpathOptions _options;
    private readonly IAntiforgery _antiforgery;
    private readonly IFileProvider _assets;
    private bool _mapped;

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

    /// <summary>Set by <c>MapHotpath</c>: endpoint routing serves the profile, the middleware leaves it alone.</summary>
    public bool IsMapped
    {
        get => Volatile.Read(ref _mapped);
        set => Volatile.Write(ref _mapped, value);
    }

    /// <summary>The embedded asset files (index.html, app.js, ...), by plain name.</summary>
    public IReadOnlyList<string> AssetNames => _assets.GetDirectoryContents("/")
        .Where(f => !f.IsDirectory && IsAssetName(f.Name))
        .Select(f => f.Name)
        .ToList();

    /// <summary>
    /// Serves a request below the profile path (the middleware's path, without endpoint routing). Callers that may not see
    /// the profile and paths nothing here answers go on to <paramref name="next"/>, so the app's own 404 handling runs
    /// and nothing reveals a profiler is installed.
    /// </summary>
    public async Task HandleAsync(HttpContext context, PathString remaining, RequestDelegate next)
    {
        var method = context.Request.Method;
        var path = remaining.Value ?? string.Empty;
        var relative = path.Length == 0 ? null : path[1..];
        var values = new RouteValueDictionary();
        ProfileRoute? route = null;
        var pathMatched = false;
        if (relative is not null)
        {
            route = Routes.Match(method, relative, values, out pathMatched);
        }

        var asset = relative is null ? null : relative.Length == 0 ? "index.html" : relative;
        var isAsset = asset is not null && AssetExists(asset);

        // What is unknown is not ours, whoever asks; what is known is shown only to callers who may see it.
        if ((relative is not null && route is null && !pathMatched && !isAsset)
            || !await ProfileAccess.IsAllowedAsync(context, _options).ConfigureAwait(false))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        ApplySecurityHeaders(response);
        if (relative is null)
        {
            // Relative URLs in the page resolve against a path ending in '/'.
            response.Redirect(context.Request.PathBase + context.Request.Path + "/" + context.Request.QueryString);
            return;
        }

        if (route is not null)
        {
            foreach (var (key, value) in values)
            {
                context.Request.RouteValues[key] = value;
            }

            await InvokeAsync(context, route).ConfigureAwait(false);
            return;
        }

        if (!pathMatched && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
        {
            await SendAssetAsync(context, asset!).ConfigureAwait(false);
            return;
        }

        response.StatusCode = StatusCodes.Status405MethodNotAllowed;
    }

    /// <summary>
    /// Serves the routes of one template as an endpoint (<c>MapHotpath</c>); route values were filled by routing. One
    /// endpoint per template, dispatching on the method itself: routing's own 405 would answer callers who may not see
    /// the profile, and tell them it is there.
    /// </summary>
    public async Task ServeTemplateAsync(HttpContext context, IReadOnlyList<ProfileRoute> routes)
    {
        if (!await AllowEndpointAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var method = context.Request.Method;
        foreach (var route in routes)
        {
            if (route.Method == method || (route.Method == HttpMethods.Get && HttpMethods.IsHead(method)))
            {
                await InvokeAsync(context, route).ConfigureAwait(false);
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = string.Join(", ", routes.Select(r => r.Method == HttpMethods.Get ? "GET, HEAD" : r.Method));
    }

    /// <summary>Serves an embedded asset as an endpoint (<c>MapHotpath</c>).</summary>
    public async Task ServeAssetAsync(HttpContext context, string name)
    {
        if (await AllowEndpointAsync(context).ConfigureAwait(false) && IsRead(context))
        {
            await SendAssetAsync(context, name).ConfigureAwait(false);
        }
    }

    /// <summary>Serves <c>{Path}</c> (redirect) and <c>{Path}/</c> (the page) as an endpoint (<c>MapHotpath</c>).</summary>
    public async Task ServeRootAsync(HttpContext context)
    {
        if (!await AllowEndpointAsync(context).ConfigureAwait(false) || !IsRead(context))
        {
            return;
        }

        var request = context.Request;
        if (request.Path.Value?.EndsWith('/') != true)
        {
            context.Response.Redirect(request.PathBase + request.Path + "/" + request.QueryString);
            return;
        }

        await SendAssetAsync(context, "index.html").ConfigureAwait(false);
    }

    private static bool IsRead(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "GET, HEAD";
        return false;
    }

    // Routing already dropped this endpoint for callers who may not see it (ProfileAccessMatcherPolicy); the check
    // repeats here only when that did not run (a custom matcher): an endpoint cannot hand the request back, so 404.
    private async Task<bool> AllowEndpointAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var decided = endpoint is not null && context.Items.TryGetValue(ProfileAccessMatcherPolicy.AllowedKey, out var allowed) && ReferenceEquals(allowed, endpoint);
        if (!decided && !await ProfileAccess.IsAllowedAsync(context, _options, ProfileAccess.HasAuthorizationMetadata(endpoint)).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        ApplySecurityHeaders(context.Response);
        return true;
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

    private bool AssetExists(string name) => IsAssetName(name) && _assets.GetFileInfo(name).Exists;

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

    private async Task SendAssetAsync(HttpContext context, string name)
    {
        var file = _assets.GetFileInfo(name);
        context.Response.ContentType = ContentType(name);
        context.Response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await using var stream = file.CreateReadStream();
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
