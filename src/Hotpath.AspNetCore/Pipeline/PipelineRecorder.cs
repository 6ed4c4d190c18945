using Hotpath.AspNetCore.Errors;
using Hotpath.AspNetCore.Requests;
using Hotpath.Requests;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// Where finished pipeline traces go: onto the request's <see cref="RequestRecord.Pipeline"/>, into the per-endpoint
/// aggregate, and into <see cref="RecentRequests"/> so <c>api/requests/{id}/pipeline</c> can find them. Exceptions a
/// middleware caught without telling anyone are handed to the error log.
/// </summary>
internal sealed class PipelineRecorder(ErrorCapture errors, RecentRequests recent, PipelineAggregate aggregate)
{
    public RecentRequests Recent => recent;

    public PipelineAggregate Aggregate => aggregate;

    public void NoteHandled(HttpContext context, Exception exception, string middleware) =>
        errors.Observe(context, exception, HandledBy.Middleware(middleware), ErrorRank.Inferred);

    public void Complete(HttpContext context, PipelineTrace trace)
    {
        context.Features.Set<PipelineTrace>(null);
        if (context.Features.Get<IHotpathRequestFeature>()?.Record is not { } record)
        {
            // Not a profiled request (the profiler's own pages, or Hotpath disabled): nothing to attach to.
            return;
        }

        var steps = trace.Steps();
        record.Pipeline = steps;
        recent.Add(record);
        aggregate.Add(record.Endpoint ?? "(no endpoint)", steps);
    }
}
