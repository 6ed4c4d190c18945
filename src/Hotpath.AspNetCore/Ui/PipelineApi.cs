using System.Globalization;
using Hotpath.AspNetCore.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// The pipeline view: <c>GET api/requests/{id}/pipeline</c> (the middleware one request ran through) and
/// <c>GET api/pipeline</c> (median time per middleware, per endpoint).
/// </summary>
internal sealed class PipelineApi(PipelineRecorder recorder, Microsoft.Extensions.Options.IOptions<HotpathOptions> options, Microsoft.Extensions.Hosting.IHostEnvironment environment) : IProfileApi
{
    public void Map(ProfileRoutes routes)
    {
        routes.MapGet("api/requests/{id}/pipeline", RequestAsync);
        routes.MapGet("api/pipeline", context => ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new
        {
            enabled = options.Value.PipelineViewIn(environment),
            aggregate = recorder.Aggregate.Describe(),
            recent = recorder.Recent.Latest(50).Select(r => new { id = r.Id, method = r.Method, path = r.Path, endpoint = r.Endpoint, status = r.Status, failed = r.Failed }),
        }));
    }

    private Task RequestAsync(HttpContext context)
    {
        var raw = context.Request.RouteValues["id"] as string;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return ProfileHttp.BadRequestAsync(context, $"The request id must be a positive integer (got '{raw}').");
        }

        if (!options.Value.PipelineViewIn(environment))
        {
            return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status404NotFound, new { error = "The pipeline view is off (Hotpath:PipelineView is false, or unset outside Development)." });
        }

        if (recorder.Recent.Find(id) is not { Pipeline: { } pipeline } record)
        {
            return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status404NotFound, new { error = $"No pipeline kept for request {id} (only the latest {RecentRequests.Capacity} are)." });
        }

        return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new
        {
            id = record.Id,
            method = record.Method,
            path = record.Path,
            endpoint = record.Endpoint,
            status = record.Status,
            failed = record.Failed,
            middleware = pipeline.Select(s => new
            {
                name = s.Name,
                order = s.Order,
                depth = s.Depth,
                beforeMs = s.BeforeMs,
                afterMs = s.AfterMs,
                calledNext = s.CalledNext,
                exception = s.Exception,
                handled = s.Handled,
            }),
        });
    }
}
