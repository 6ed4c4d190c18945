using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Ui;
using Hotpath.Sampling;
using Microsoft.AspNetCore.Http;
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

        // Claim our own prefix first; the profiler's pages are never profiled themselves.
        if (context.Request.Path.StartsWithSegments(_path, StringComparison.OrdinalIgnoreCase, out var remaining))
        {
            return _endpoints.HandleAsync(context, remaining);
        }

        return ProfileRequestAsync(context);
    }

    private Task ProfileRequestAsync(HttpContext context)
    {
        var id = RequestTracker.NextId();
        var first = _host.BeginRequest(id);

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
            _host.EndRequest(id, first);
            throw;
        }

        if (task.IsCompleted)
        {
            Unmark(outer);
            _host.EndRequest(id, first);
            return task;
        }

        // Started while marked, so its continuation runs marked too; our caller goes on unmarked.
        var pending = AwaitRequestAsync(task, id, first);
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

    private async Task AwaitRequestAsync(Task request, long id, bool first)
    {
        try
        {
            await request.ConfigureAwait(false);
        }
        finally
        {
            // Whatever runs this continuation restores its own context afterwards, which logs the request's end.
            _host.EndRequest(id, first);
        }
    }
}
