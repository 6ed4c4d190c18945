using Hotpath.Analysis;
using Hotpath.AspNetCore.Hosting;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Sampling;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>The function table, status, clear, flush and collapsed-stack export.</summary>
internal sealed class CoreProfileApi : IProfileApi
{
    private readonly ProfilerHost _host;
    private readonly IAntiforgery _antiforgery;
    private readonly string _tokenHeader;

    public CoreProfileApi(ProfilerHost host, IAntiforgery antiforgery, Microsoft.Extensions.Options.IOptions<AntiforgeryOptions> antiforgeryOptions)
    {
        _host = host;
        _antiforgery = antiforgery;
        _tokenHeader = antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken";
    }

    public void Map(ProfileRoutes routes)
    {
        routes.MapGet("api/functions", FunctionsAsync);
        routes.MapGet("api/antiforgery", context =>
        {
            var tokens = _antiforgery.GetAndStoreTokens(context);
            return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new { token = tokens.RequestToken, header = _tokenHeader });
        });
        routes.MapPost("api/clear", context =>
        {
            _host.Profiler.Clear();
            return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new { cleared = true });
        });
        routes.MapPost("api/flush", context => ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new { path = _host.Flush() }));
        routes.MapGet("export/collapsed", CollapsedAsync);
    }

    private async Task FunctionsAsync(HttpContext context)
    {
        var query = FunctionQuery.Parse(context.Request.Query, out var error);
        if (query is null)
        {
            await ProfileHttp.WriteJsonAsync(context, StatusCodes.Status400BadRequest, new { error }).ConfigureAwait(false);
            return;
        }

        var snapshot = _host.Snapshot();
        var view = ProfileView.Create(snapshot, new ProfileFilter { Scope = query.Scope, Measure = query.Measure });
        var scopeSamples = view.Total;
        var (rows, matched) = query.Apply(FunctionTable.Compute(view));
        var totals = snapshot.Totals;
        var body = new
        {
            scope = query.Scope == ProfileScope.Requests ? "requests" : "process",
            measure = query.Measure == ProfileMeasure.Wait ? "wait" : "cpu",
            status = Status(totals),
            totals = new
            {
                samples = scopeSamples,
                processSamples = totals.ProcessSamples,
                requestSamples = totals.RequestSamples,
                processWaitSamples = totals.ProcessWaitSamples,
                requestWaitSamples = totals.RequestWaitSamples,
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
                selfPct = ProfileHttp.Percent(r.Self, scopeSamples),
                total = r.Total,
                totalPct = ProfileHttp.Percent(r.Total, scopeSamples),
            }),
        };
        await ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body).ConfigureAwait(false);
    }

    private object Status(ProfileTotals totals)
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
        var sampler = profiler.Sampler;
        return new
        {
            state,
            message,
            sampler = sampler.Kind switch
            {
                SamplerKind.PerfEvent => "perf_event",
                SamplerKind.EventPipe => "eventpipe",
                _ => null,
            },
            samplerDescription = sampler.Kind switch
            {
                SamplerKind.PerfEvent => "Kernel CPU-clock sampler (perf_event_open): only threads on a CPU are sampled, at any instruction, every "
                    + sampler.IntervalMs.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " ms of a thread's CPU time"
                    + (sampler.WaitsMeasured ? "; waits recorded from context switches." : "."),
                SamplerKind.EventPipe => "Runtime EventPipe sampler (fallback): samples at GC safe points, less accurate on CPU shares, no waits.",
                _ => null,
            },
            warning = Warning(sampler, totals),
            intervalMs = sampler.IntervalMs,
            measuredIntervalMs = totals.EffectiveIntervalMs is { } e ? Math.Round(e, 2) : (double?)null,
            waitsMeasured = sampler.WaitsMeasured,
            threads = sampler.Threads,
            coveredCpuShare = sampler.CoveredCpuShare is { } c ? Math.Round(c, 3) : (double?)null,
            lostRecords = sampler.LostRecords,
            dutyCycle = sampler.DutyCycle,
        };
    }

    // Only what makes the numbers wrong: the fallback chosen because the kernel refused, or samples the kernel dropped.
    // A saturated app (long intervals between EventPipe ticks, threads waiting for a CPU) is not a warning.
    private static string? Warning(SamplerStatus sampler, ProfileTotals totals)
    {
        if (sampler.IsFallback)
        {
            return "The kernel's sampler is not available, so CPU shares come from the runtime's EventPipe sampler and can be off by tens of points; waits are not measured. " + sampler.Note;
        }

        var kept = totals.ProcessSamples + totals.IdleSamples + totals.DiscardedSamples;
        if (sampler.LostRecords > 0 && sampler.LostRecords > kept / 20)
        {
            return $"The kernel dropped {sampler.LostRecords} sample records (rings full): Hotpath's sampler thread is not keeping up, so counts are low.";
        }

        return null;
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

        if (!FunctionQuery.TryParseMeasure(context.Request.Query["measure"], out var measure))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("measure must be 'cpu' or 'wait'.\n").ConfigureAwait(false);
            return;
        }

        var view = ProfileView.Create(_host.Snapshot(), new ProfileFilter { Scope = scope, Measure = measure });
        var name = $"hotpath-{(scope == ProfileScope.Requests ? "requests" : "process")}{(measure == ProfileMeasure.Wait ? "-wait" : string.Empty)}.collapsed.txt";
        await ProfileHttp.WriteTextAsync(context, "text/plain; charset=utf-8", name, writer => CollapsedStackExporter.Write(view, writer)).ConfigureAwait(false);
    }

}
