using System.Diagnostics;
using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Requests;
using Hotpath.Requests;
using Hotpath.AspNetCore.Ui;
using Hotpath.Sampling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore;

/// <summary>
/// Marks every request so the samples taken while it runs (on any thread, across awaits) are attributed to it, and
/// serves the profile UI, API and exports under <see cref="HotpathOptions.Path"/>.
/// </summary>
internal sealed class HotpathMiddleware
{
    private readonly RequestDelegate _next;
    private readonly HotpathOptions _options;
    private readonly ProfilerHost _host;
    private readonly ProfileEndpoints _endpoints;
    private readonly PathString _path;
    private readonly bool _track;

    public HotpathMiddleware(RequestDelegate next, IOptions<HotpathOptions> options, ProfilerHost host, ProfileEndpoints endpoints)
    {
        _next = next;
        _options = options.Value;
        _host = host;
        _endpoints = endpoints;
        _path = new PathString(_options.Path);
        _track = _options.TrackRequests && RequestTracker.IsSupported;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_options.Enabled)
        {
            return _next(context);
        }

        // Claim our own prefix first; the profiler's pages are never profiled themselves. With MapHotpath, routing
        // serves them (its endpoints carry the access rules the app attached) and this middleware stays out of it.
        if (context.Request.Path.StartsWithSegments(_path, StringComparison.OrdinalIgnoreCase, out var remaining))
        {
            return _endpoints.IsMapped ? _next(context) : _endpoints.HandleAsync(context, remaining, _next);
        }

        // Nothing is marked or allocated while there are no samples to attribute (the profiler stopped or failed).
        if (!_host.IsProfiling || (_endpoints.IsMapped && context.GetEndpoint()?.Metadata.GetMetadata<HotpathEndpointMetadata>() is not null))
        {
            return _next(context);
        }

        return ProfileRequestAsync(context);
    }

    private Task ProfileRequestAsync(HttpContext context)
    {
        var id = RequestTracker.NextId();
        var first = _host.BeginRequest(id);
        var record = new RequestRecord(id, DateTimeOffset.UtcNow, Stopwatch.GetTimestamp(), context.Request.Method, context.Request.Path.Value ?? string.Empty)
        {
            TraceId = Activity.Current?.TraceId.ToHexString(),
            Query = context.Request.QueryString.HasValue ? _host.Redactor.Redact(context.Request.QueryString.Value) : string.Empty,
        };
        context.Features.Set<IHotpathRequestFeature>(new HotpathRequestFeature(record));

        // The mark goes on the execution context the rest of the pipeline starts with, so it flows into every
        // continuation the request schedules. No async frame of our own unless the request really goes async: most
        // requests then cost one mark and one restore (measured in bench MiddlewareBenchmarks).
        ExecutionContext? outer = null;
        if (_track)
        {
            outer = ExecutionContext.Capture();
            RequestTracker.Enter(id);
        }

        Task task;
        try
        {
            task = _next(context);
        }
        catch
        {
            Unmark(outer);
            Complete(context, record, failed: true);
            _host.EndRequest(record, first, OnDemandValue(context));
            throw;
        }

        if (task.IsCompleted)
        {
            Unmark(outer);
            Complete(context, record, task.IsFaulted);
            _host.EndRequest(record, first, OnDemandValue(context));
            return task;
        }

        // Started while marked, so its continuation runs marked too; our caller goes on unmarked.
        var pending = AwaitRequestAsync(context, task, record, first);
        Unmark(outer);
        return pending;
    }

    private void Unmark(ExecutionContext? outer)
    {
        if (_track)
        {
            RequestTracker.Restore(outer);
        }
    }

    private async Task AwaitRequestAsync(HttpContext context, Task request, RequestRecord record, bool first)
    {
        var failed = true;
        try
        {
            await request.ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            // Whatever runs this continuation restores its own context afterwards, which logs the request's end.
            Complete(context, record, failed);
            _host.EndRequest(record, first, OnDemandValue(context));
        }
    }

    // Read only when a secret is configured; the value is compared and dropped, never stored.
    private string? OnDemandValue(HttpContext context) =>
        _host.KeepPolicy.HasOnDemandSecret && context.Request.Headers.TryGetValue(_options.OnDemandHeader, out var value) ? value.ToString() : null;

    private static void Complete(HttpContext context, RequestRecord record, bool failed)
    {
        var end = Stopwatch.GetTimestamp();
        record.EndTimestamp = end;
        record.DurationMs = Stopwatch.GetElapsedTime(record.StartTimestamp, end).TotalMilliseconds;
        record.Status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        record.Endpoint = EndpointNames.Of(context.GetEndpoint()); // by route, not by URL
        record.Failed |= failed;
        record.Completed = true;
    }
}
