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

    public HotpathMiddleware(RequestDelegate next, IOptions<HotpathOptions> options, ProfilerHost host, ProfileEndpoints endpoints)
    {
        _next = next;
        _options = options.Value;
        _host = host;
        _endpoints = endpoints;
        _path = new PathString(_options.Path);
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

    private async Task ProfileRequestAsync(HttpContext context)
    {
        var id = RequestTracker.NextId();
        var first = _host.BeginRequest(id);

        // The mark lives in this method's execution context: it flows into every continuation the request schedules and
        // is undone when this method returns.
        RequestTracker.Enter(id);
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        finally
        {
            RequestTracker.Exit();
            _host.EndRequest(id, first);
        }
    }
}
