using Hotpath.Lines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Lines;

/// <summary>
/// With <see cref="HotpathOptions.LineReportPerRequest"/>, snapshots the line counters before and after each request and
/// queues both for the <see cref="LineReportWriter"/>. Concurrent requests' lines mix into each other's reports.
/// </summary>
internal sealed class LineReportStartupFilter(LineReportQueue queue) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (queue.PerRequest)
        {
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                var before = LineSnapshot.Take();
                try
                {
                    await nextMiddleware(context).ConfigureAwait(false);
                }
                finally
                {
                    queue.Enqueue($"{context.Request.Method} {context.Request.Path}", before, LineSnapshot.Take());
                }
            });
        }

        next(app);
    };
}
