using Hotpath.AspNetCore.Hosting;
using Hotpath.Export;
using Hotpath.Model;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>The speedscope and pprof exports: <c>{Path}/export/speedscope</c> and <c>{Path}/export/pprof</c>.</summary>
internal sealed class ExportApi : IProfileApi
{
    private readonly ProfilerHost _host;

    public ExportApi(ProfilerHost host) => _host = host;

    public void Map(ProfileRoutes routes)
    {
        routes.MapGet("export/speedscope", SpeedscopeAsync);
        routes.MapGet("export/pprof", PprofAsync);
    }

    private async Task SpeedscopeAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!TryParse(query, out var filter, out var error))
        {
            await ProfileHttp.BadRequestAsync(context, error).ConfigureAwait(false);
            return;
        }

        // Without scope=, every scope that has samples goes into the file (speedscope lists one profile per scope).
        var snapshot = _host.Snapshot();
        var scopes = string.IsNullOrEmpty(query["scope"])
            ? new[] { ProfileScope.Requests, ProfileScope.Process }.Where(s => snapshot.SampleCount(s) > 0).DefaultIfEmpty(ProfileScope.Process).ToArray()
            : null;
        List<ProfileView> views;
        try
        {
            views = (scopes ?? [filter.Scope]).Select(s => ProfileView.Create(snapshot, filter with { Scope = s })).ToList();
        }
        catch (NotSupportedException ex)
        {
            await ProfileHttp.BadRequestAsync(context, ex.Message).ConfigureAwait(false);
            return;
        }

        var name = $"hotpath-{(scopes is null ? ScopeName(filter.Scope) : "all")}.speedscope.json";
        await ProfileHttp.WriteBinaryAsync(context, "application/json; charset=utf-8", name, stream => SpeedscopeExporter.Write(views, "Hotpath profile", stream)).ConfigureAwait(false);
    }

    private async Task PprofAsync(HttpContext context)
    {
        if (!TryParse(context.Request.Query, out var filter, out var error))
        {
            await ProfileHttp.BadRequestAsync(context, error).ConfigureAwait(false);
            return;
        }

        ProfileView view;
        try
        {
            view = ProfileView.Create(_host.Snapshot(), filter);
        }
        catch (NotSupportedException ex)
        {
            await ProfileHttp.BadRequestAsync(context, ex.Message).ConfigureAwait(false);
            return;
        }

        var name = $"hotpath-{ScopeName(filter.Scope)}.pb.gz";
        await ProfileHttp.WriteBinaryAsync(context, PprofExporter.ContentType, name, stream => PprofExporter.Write(view, stream)).ConfigureAwait(false);
    }

    // Until the shared ProfileFilterQuery parser lands: scope strictly as the function table parses it, measure strictly,
    // endpoint/request passed on (the view refuses them while the snapshot has no such data).
    private static bool TryParse(IQueryCollection query, out ProfileFilter filter, out string error)
    {
        filter = ProfileFilter.Requests;
        error = string.Empty;
        if (!FunctionQuery.TryParseScope(query["scope"], out var scope))
        {
            error = "scope must be 'requests' or 'process'.";
            return false;
        }

        var measureText = (string?)query["measure"];
        var measure = ProfileMeasure.Cpu;
        if (string.Equals(measureText, "wait", StringComparison.OrdinalIgnoreCase))
        {
            measure = ProfileMeasure.Wait;
        }
        else if (!string.IsNullOrEmpty(measureText) && !string.Equals(measureText, "cpu", StringComparison.OrdinalIgnoreCase))
        {
            error = "measure must be 'cpu' or 'wait'.";
            return false;
        }

        long? request = null;
        var requestText = (string?)query["request"];
        if (!string.IsNullOrEmpty(requestText))
        {
            if (!long.TryParse(requestText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                error = "request must be a positive whole number (a request id).";
                return false;
            }

            request = id;
        }

        var endpoint = (string?)query["endpoint"];
        filter = new ProfileFilter { Scope = scope, Measure = measure, RequestId = request, Endpoint = string.IsNullOrEmpty(endpoint) ? null : endpoint };
        return true;
    }

    private static string ScopeName(ProfileScope scope) => scope == ProfileScope.Requests ? "requests" : "process";
}
