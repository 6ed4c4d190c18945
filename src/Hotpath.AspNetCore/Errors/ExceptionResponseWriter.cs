using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// Writes the 500 of <see cref="HotpathExceptionMiddleware"/> in the representation the client asked for:
/// <c>application/problem+json</c> (RFC 9457, with a <c>traceId</c> extension; through <see cref="IProblemDetailsService"/>
/// when the app registered one), <c>text/html</c> (a small escaped page) or <c>text/plain</c>. Type, message and stack
/// are included only in Development.
/// </summary>
internal sealed class ExceptionResponseWriter(bool development)
{
    internal const string ProblemJson = "application/problem+json";
    private const string Title = "An error occurred while processing your request.";
    private const string ProblemType = "https://tools.ietf.org/html/rfc9110#section-15.6.1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // What we can answer, in order of preference when the client accepts several equally (curl's */* gets JSON).
    private static readonly string[] Offered = [ProblemJson, "application/json", "text/html", "text/plain"];

    public async Task WriteAsync(HttpContext context, Exception exception)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status500InternalServerError;
        response.Headers.CacheControl = "no-store";
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        var chosen = Negotiate(context.Request.Headers.Accept);
        switch (chosen)
        {
            case "text/html":
                response.ContentType = "text/html; charset=utf-8";
                response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
                response.Headers.XContentTypeOptions = "nosniff";
                await response.WriteAsync(Html(exception, traceId), context.RequestAborted).ConfigureAwait(false);
                break;
            case "text/plain":
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(Plain(exception, traceId), context.RequestAborted).ConfigureAwait(false);
                break;
            default:
                await WriteProblemAsync(context, exception, traceId).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The offered media type the Accept header ranks highest (q, then specificity, then our preference).</summary>
    internal static string Negotiate(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return ProblemJson;
        }

        string? best = null;
        var bestQ = 0.0;
        var bestSpecificity = -1;
        foreach (var offered in Offered)
        {
            var offeredType = new MediaTypeHeaderValue(offered);
            double? q = null;
            var specificity = -1;
            foreach (var range in ranges)
            {
                if (!offeredType.IsSubsetOf(range))
                {
                    continue;
                }

                var s = range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2;
                if (s > specificity)
                {
                    specificity = s;
                    q = range.Quality ?? 1.0;
                }
            }

            if (q is > 0 && (q > bestQ || (q == bestQ && specificity > bestSpecificity)))
            {
                best = offered;
                bestQ = q.Value;
                bestSpecificity = specificity;
            }
        }

        // Nothing acceptable: plain text is the least surprising thing to send (RFC 9110 allows ignoring Accept).
        return best is null ? "text/plain" : best == "application/json" ? ProblemJson : best;
    }

    private async Task WriteProblemAsync(HttpContext context, Exception exception, string traceId)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = Title,
            Type = ProblemType,
            Detail = development ? exception.Message : null,
        };
        problem.Extensions["traceId"] = traceId;
        if (development)
        {
            problem.Extensions["exception"] = new Dictionary<string, string?>
            {
                ["type"] = exception.GetType().FullName,
                ["message"] = exception.Message,
                ["stackTrace"] = ExceptionText.Of(exception),
            };
        }

        if (context.RequestServices?.GetService<IProblemDetailsService>() is { } service
            && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = development ? exception : null }).ConfigureAwait(false))
        {
            return;
        }

        context.Response.ContentType = ProblemJson + "; charset=utf-8";
        var body = new Dictionary<string, object?>
        {
            ["type"] = problem.Type,
            ["title"] = problem.Title,
            ["status"] = problem.Status,
        };
        if (problem.Detail is not null)
        {
            body["detail"] = problem.Detail;
        }

        foreach (var (key, value) in problem.Extensions)
        {
            body[key] = value;
        }

        await JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted).ConfigureAwait(false);
    }

    private string Plain(Exception exception, string traceId)
    {
        var text = new StringBuilder();
        text.Append("500 Internal Server Error\n").Append(Title).Append('\n').Append("Trace id: ").Append(traceId).Append('\n');
        if (development)
        {
            text.Append('\n').Append(ExceptionText.Of(exception)).Append('\n');
        }

        return text.ToString();
    }

    private string Html(Exception exception, string traceId)
    {
        var html = HtmlEncoder.Default;
        var text = new StringBuilder();
        text.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>500 Internal Server Error</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}</style></head><body>\n")
            .Append("<h1>500 Internal Server Error</h1>\n<p>").Append(html.Encode(Title)).Append("</p>\n<p>Trace id: <code>").Append(html.Encode(traceId)).Append("</code></p>\n");
        if (development)
        {
            text.Append("<h2>").Append(html.Encode(exception.GetType().FullName ?? string.Empty)).Append("</h2>\n<p>").Append(html.Encode(exception.Message)).Append("</p>\n<pre>")
                .Append(html.Encode(ExceptionText.Of(exception))).Append("</pre>\n<p><small>Shown because the environment is Development.</small></p>\n");
        }

        return text.Append("</body></html>\n").ToString();
    }
}
