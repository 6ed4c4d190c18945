using System.Text;
using System.Text.Json;
using Hotpath.Analysis;
using Hotpath.AspNetCore.Hosting;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Sampling;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Ui;

/// <summary>The profile UI's static shell, its JSON API (<c>api/</c>) and exports (<c>export/</c>).</summary>
internal sealed class ProfileEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Every path served above: a known path asked with the wrong method gets 405, anything else 404.
    private static readonly HashSet<string> KnownPaths =
        ["/", "/app.js", "/app.css", "/api/functions", "/api/antiforgery", "/api/clear", "/api/flush", "/export/collapsed"];

    private readonly HotpathOptions _options;
    private readonly ProfilerHost _host;
    private readonly IAntiforgery _antiforgery;
    private readonly IFileProvider _assets;
    private readonly string _tokenHeader;

    public ProfileEndpoints(IOptions<HotpathOptions> options, ProfilerHost host, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions)
    {
        _options = options.Value;
        _host = host;
        _antiforgery = antiforgery;
        _assets = new ManifestEmbeddedFileProvider(typeof(ProfileEndpoints).Assembly, "Ui/assets");

        // The application's own antiforgery settings decide the header; the UI learns it from api/antiforgery.
        _tokenHeader = antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken";
    }

    public async Task HandleAsync(HttpContext context, PathString remaining)
    {
        if (!await ProfileAccess.IsAllowedAsync(context, _options).ConfigureAwait(false))
        {
            // 404, not 403: do not even reveal that a profiler is installed.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var response = context.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers["Referrer-Policy"] = "no-referrer";

        var method = context.Request.Method;
        var path = remaining.Value ?? string.Empty;
        switch (path)
        {
            case "":
                // Relative URLs in the page resolve against a path ending in '/'.
                response.Redirect(context.Request.PathBase + _options.Path + "/" + context.Request.QueryString);
                return;
            case "/" when HttpMethods.IsGet(method) || HttpMethods.IsHead(method):
                await SendAssetAsync(context, "index.html", "text/html; charset=utf-8").ConfigureAwait(false);
                return;
            case "/app.js" when HttpMethods.IsGet(method):
                await SendAssetAsync(context, "app.js", "text/javascript; charset=utf-8").ConfigureAwait(false);
                return;
            case "/app.css" when HttpMethods.IsGet(method):
                await SendAssetAsync(context, "app.css", "text/css; charset=utf-8").ConfigureAwait(false);
                return;
            case "/api/functions" when HttpMethods.IsGet(method):
                await FunctionsAsync(context).ConfigureAwait(false);
                return;
            case "/api/antiforgery" when HttpMethods.IsGet(method):
                var tokens = _antiforgery.GetAndStoreTokens(context);
                await WriteJsonAsync(context, StatusCodes.Status200OK, new { token = tokens.RequestToken, header = _tokenHeader }).ConfigureAwait(false);
                return;
            case "/api/clear" when HttpMethods.IsPost(method):
                await StateChangeAsync(context, () =>
                {
                    _host.Profiler.Clear();
                    return new { cleared = true };
                }).ConfigureAwait(false);
                return;
            case "/api/flush" when HttpMethods.IsPost(method):
                await StateChangeAsync(context, () => new { path = _host.Flush() }).ConfigureAwait(false);
                return;
            case "/export/collapsed" when HttpMethods.IsGet(method):
                await CollapsedAsync(context).ConfigureAwait(false);
                return;
            default:
                response.StatusCode = KnownPaths.Contains(path) ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
                return;
        }
    }

    private async Task FunctionsAsync(HttpContext context)
    {
        var query = FunctionQuery.Parse(context.Request.Query, out var error);
        if (query is null)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, new { error }).ConfigureAwait(false);
            return;
        }

        var snapshot = _host.Snapshot();
        var scopeSamples = snapshot.SampleCount(query.Scope);
        var (rows, matched) = query.Apply(FunctionTable.Compute(snapshot, query.Scope));
        var totals = snapshot.Totals;
        var body = new
        {
            scope = query.Scope == ProfileScope.Requests ? "requests" : "process",
            status = Status(),
            totals = new
            {
                samples = scopeSamples,
                processSamples = totals.ProcessSamples,
                requestSamples = totals.RequestSamples,
                idleSamples = totals.IdleSamples,
                mergedSamples = totals.MergedSamples,
                discardedSamples = totals.DiscardedSamples,
                ownSamples = totals.OwnSamples,
                wallSpanMs = Math.Round(totals.WallSpanMs, 1),
                effectiveIntervalMs = totals.EffectiveIntervalMs is { } e ? Math.Round(e, 2) : (double?)null,
                configuredIntervalMs = totals.ConfiguredIntervalMs,
                requests = totals.Requests,
                functions = snapshot.Frames.Count,
                stacks = snapshot.NodeCount,
            },
            matched,
            functions = rows.Select(r => new
            {
                name = r.Frame.Name,
                module = r.Frame.Module,
                file = r.Frame.File,
                line = r.Frame.Line,
                self = r.Self,
                selfPct = Percent(r.Self, scopeSamples),
                total = r.Total,
                totalPct = Percent(r.Total, scopeSamples),
            }),
        };
        await WriteJsonAsync(context, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }

    private object Status()
    {
        var profiler = _host.Profiler;
        var state = profiler.State switch
        {
            ProfilerState.Running => "running",
            ProfilerState.Starting or ProfilerState.NotStarted => "starting",
            ProfilerState.Failed => "failed",
            _ => "stopped",
        };
        var message = profiler.State == ProfilerState.Failed
            ? "Profiler could not run: " + profiler.StatusMessage
            : _host.Note ?? RequestsNote();
        return new { state, message };
    }

    private string? RequestsNote()
    {
        if (!_host.Options.TrackRequests)
        {
            return "Hotpath:TrackRequests is false: samples are not attributed to requests, so the requests scope stays empty. Switch to the process scope.";
        }

        return RequestTracker.IsSupported ? null : "Request attribution is not supported on this OS; the requests scope stays empty.";
    }

    private async Task CollapsedAsync(HttpContext context)
    {
        if (!FunctionQuery.TryParseScope(context.Request.Query["scope"], out var scope))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("scope must be 'requests' or 'process'.\n").ConfigureAwait(false);
            return;
        }

        var snapshot = _host.Snapshot();
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"hotpath-{(scope == ProfileScope.Requests ? "requests" : "process")}.collapsed.txt\"";

        // Exporters write synchronously; Kestrel forbids synchronous I/O on the response. Buffer (in memory up to a
        // threshold, then in a temporary file, so a large profile does not sit in memory) and drain asynchronously.
        await using var buffer = new FileBufferingWriteStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        {
            CollapsedStackExporter.Write(snapshot, scope, writer);
        }

        await buffer.DrainBufferAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task StateChangeAsync(HttpContext context, Func<object> action)
    {
        try
        {
            await _antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, new { error = "Missing or invalid anti-forgery token: fetch api/antiforgery and send its token in the " + _tokenHeader + " header." }).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, action()).ConfigureAwait(false);
    }

    private async Task SendAssetAsync(HttpContext context, string name, string contentType)
    {
        var file = _assets.GetFileInfo(name);
        if (!file.Exists)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await using var stream = file.CreateReadStream();
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(part * 100.0 / whole, 2);
}
