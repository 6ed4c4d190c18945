using System.Globalization;
using Hotpath.AspNetCore.Hosting;
using Hotpath.Model;
using Hotpath.Requests;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>The request list (<c>api/requests</c>), one request (<c>api/requests/{id}</c>) and the endpoint summary (<c>api/endpoints</c>).</summary>
internal sealed class RequestsApi(ProfilerHost host) : IProfileApi
{
    public void Map(ProfileRoutes routes)
    {
        routes.MapGet("api/requests", ListAsync);
        routes.MapGet("api/requests/{id}", OneAsync);
        routes.MapGet("api/endpoints", EndpointsAsync);
    }

    private Task ListAsync(HttpContext context)
    {
        if (!TryParse(context.Request.Query, out var query, out var error))
        {
            return ProfileHttp.BadRequestAsync(context, error!);
        }

        host.Profiler.Accumulator.ApplyRequestEnds();
        var store = host.Profiler.Accumulator.Requests;
        var rows = store.Query(query);
        var body = new
        {
            requests = rows.Select(Summary),
            evicted = store.Evicted,
            stored = store.Count,
            maxRequests = store.Options.MaxRequests,
        };
        return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    private Task OneAsync(HttpContext context)
    {
        var text = context.Request.RouteValues["id"] as string;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
        {
            return ProfileHttp.BadRequestAsync(context, "The request id must be a positive whole number, as api/requests lists it.");
        }

        host.Profiler.Accumulator.ApplyRequestEnds();
        var record = host.Profiler.Accumulator.Requests.Find(id);
        if (record is null)
        {
            return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status404NotFound, new { error = $"Request {id} is unknown or was evicted from the request list." });
        }

        var body = new
        {
            id = record.Id,
            startedAt = record.StartedAt,
            method = record.Method,
            path = record.Path,
            query = record.Query,
            endpoint = record.Endpoint,
            status = record.Status,
            durationMs = Math.Round(record.DurationMs, 2),
            cpuSamples = record.CpuSamples,
            waitSamples = record.WaitSamples,
            traceId = record.TraceId,
            failed = record.Failed,
            hasProfile = record.HasProfile,
            keepReason = record.KeepReason,
            pipeline = record.Pipeline,
        };
        return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    private Task EndpointsAsync(HttpContext context)
    {
        var accumulator = host.Profiler.Accumulator;
        var snapshot = accumulator.Snapshot(); // applies the queued request ends too
        var cpu = CpuByEndpoint(snapshot);
        var body = accumulator.Endpoints.Summaries()
            .OrderByDescending(e => e.Requests)
            .ThenBy(e => e.Endpoint, StringComparer.Ordinal)
            .Select(e => new
            {
                endpoint = e.Endpoint,
                requests = e.Requests,
                p50Ms = Math.Round(e.P50Ms, 2),
                p95Ms = Math.Round(e.P95Ms, 2),
                p99Ms = Math.Round(e.P99Ms, 2),
                cpuSamples = cpu.GetValueOrDefault(e.Endpoint),
                errors = e.Errors,
            });
        return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    /// <summary>CPU samples per endpoint over every request since the last clear: kept requests' rows and folded rows alike.</summary>
    internal static Dictionary<string, long> CpuByEndpoint(ProfileSnapshot snapshot)
    {
        var labels = snapshot.LabelSets;
        var perLabel = new long[labels.Count];
        foreach (var row in snapshot.Rows.Span)
        {
            perLabel[row.LabelSet] += row.Cpu;
        }

        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i].InRequest && labels[i].Endpoint is { } endpoint && perLabel[i] > 0)
            {
                result[endpoint] = result.GetValueOrDefault(endpoint) + perLabel[i];
            }
        }

        return result;
    }

    private static object Summary(RequestRecord r) => new
    {
        id = r.Id,
        startedAt = r.StartedAt,
        method = r.Method,
        path = r.Path,
        query = r.Query,
        endpoint = r.Endpoint,
        status = r.Status,
        durationMs = Math.Round(r.DurationMs, 2),
        cpuSamples = r.CpuSamples,
        waitSamples = r.WaitSamples,
        traceId = r.TraceId,
        hasProfile = r.HasProfile,
    };

    /// <summary>Parses the list's query strictly: a bad value is a 400 with a message, never ignored.</summary>
    internal static bool TryParse(IQueryCollection query, out RequestQuery result, out string? error)
    {
        result = new RequestQuery();
        error = null;
        foreach (var (key, values) in query)
        {
            if (values.Count > 1)
            {
                error = $"{key} must be given at most once.";
                return false;
            }
        }

        var limitText = (string?)query["limit"];
        var limit = RequestQuery.DefaultLimit;
        if (!string.IsNullOrEmpty(limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > RequestQuery.MaxLimit))
        {
            error = $"limit must be a whole number from 1 to {RequestQuery.MaxLimit} (default {RequestQuery.DefaultLimit}).";
            return false;
        }

        var endpoint = (string?)query["endpoint"];
        if (endpoint is not null && (endpoint.Length == 0 || endpoint.Length > ProfileFilterQuery.MaxEndpointLength))
        {
            error = $"endpoint must name an endpoint as api/endpoints lists it (1 to {ProfileFilterQuery.MaxEndpointLength} characters).";
            return false;
        }

        int? status = null;
        var statusClass = false;
        var statusText = (string?)query["status"];
        if (!string.IsNullOrEmpty(statusText))
        {
            if (statusText.Length == 3 && statusText[0] is >= '1' and <= '5' && statusText.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
            {
                status = statusText[0] - '0';
                statusClass = true;
            }
            else if (int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
            {
                status = code;
            }
            else
            {
                error = "status must be a status code from 100 to 599, or a class such as 5xx.";
                return false;
            }
        }

        double? minDuration = null;
        var minText = (string?)query["minDurationMs"];
        if (!string.IsNullOrEmpty(minText))
        {
            if (!double.TryParse(minText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms) || !double.IsFinite(ms))
            {
                error = "minDurationMs must be a number of milliseconds, zero or more (e.g. 250 or 12.5).";
                return false;
            }

            minDuration = ms;
        }

        var traceId = (string?)query["traceId"];
        if (traceId is not null && (traceId.Length != 32 || !traceId.All(char.IsAsciiHexDigit)))
        {
            error = "traceId must be a W3C trace id: 32 hexadecimal digits.";
            return false;
        }

        result = new RequestQuery { Limit = limit, Endpoint = endpoint, Status = status, StatusClass = statusClass, MinDurationMs = minDuration, TraceId = traceId };
        return true;
    }
}
