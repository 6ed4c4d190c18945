using Hotpath.AspNetCore.Lines;
using Hotpath.Lines;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// The line profiler's routes: <c>api/lines</c> (JSON line tables), <c>export/lines</c> (wsgi_lineprof-style text) and
/// <c>api/lines/source</c> (the text of one PDB document, refused for any other file). Instrumented code calls the
/// dependency-free Hotpath.LineProfiler runtime, which publishes its modules in an AppContext slot; nothing here
/// references it, so an app without the line profiler carries none of it.
/// </summary>
internal sealed class LinesApi : IProfileApi
{
    public void Map(ProfileRoutes routes)
    {
        routes.MapGet("api/lines", LinesAsync);
        routes.MapGet("api/lines/source", SourceAsync);
        routes.MapGet("export/lines", ExportAsync);
    }

    private static LineQuery? Query(HttpContext context, out string? error)
    {
        var q = context.Request.Query;
        return LineQuery.Parse(q["function"], q["file"], q["top"], out error);
    }

    private static async Task LinesAsync(HttpContext context)
    {
        var query = Query(context, out var error);
        if (query is null)
        {
            await ProfileHttp.BadRequestAsync(context, error!).ConfigureAwait(false);
            return;
        }

        var functions = LineData.Select(query);
        var body = new
        {
            sampler = new { label = "sampled", jitCodeRanges = Hotpath.Lines.SampledLines.CodeRanges },
            functions = functions.Select(f => new
            {
                function = f.Name,
                module = f.Module,
                file = f.File,
                calls = f.Calls,
                totalMs = Round(f.TotalMs),
                ownMs = Round(f.OwnMs),
                timed = f.Timed,
                sampled = f.Sampled,
                lines = f.Rows.Select(r => new { line = r.Line, hits = r.Hits, timeMs = Round(r.TimeMs), samples = r.Samples, code = r.Code }),
            }),
        };
        await ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }

    private static async Task ExportAsync(HttpContext context)
    {
        var query = Query(context, out var error);
        if (query is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(error + "\n").ConfigureAwait(false);
            return;
        }

        var functions = LineData.Select(query);
        await ProfileHttp.WriteTextAsync(context, "text/plain; charset=utf-8", null, writer => LineTextReport.Write(writer, functions)).ConfigureAwait(false);
    }

    private static async Task SourceAsync(HttpContext context)
    {
        string? file = context.Request.Query["file"];
        var sources = LineData.Sources();
        var lines = string.IsNullOrEmpty(file) || !sources.IsKnown(file) ? null : sources.ReadLines(file);
        if (lines is null)
        {
            await ProfileHttp.WriteJsonAsync(context, StatusCodes.Status404NotFound, new { error = "Only source files named by a loaded module's PDB are served; this is not one of them (or it cannot be read)." }).ConfigureAwait(false);
            return;
        }

        await ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new { file, lines }).ConfigureAwait(false);
    }

    private static double? Round(double? ms) => ms is { } v ? Math.Round(v, 3) : null;
}
