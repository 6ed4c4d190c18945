using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// Installs the pipeline view: the rest of the start-up (and the application's own pipeline) is configured through a
/// <see cref="PipelineBuilder"/>, which wraps each middleware. Off when <see cref="HotpathOptions.PipelineView"/> or
/// <see cref="HotpathOptions.Enabled"/> is false.
/// </summary>
internal sealed partial class PipelineStartupFilter(IOptions<HotpathOptions> options, IHostEnvironment environment, PipelineRecorder recorder, ILogger<PipelineStartupFilter> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        if (!options.Value.Enabled || !options.Value.PipelineViewIn(environment))
        {
            return next;
        }

        return app => next(new PipelineBuilder(app, recorder, reason => Log.PartialView(logger, reason)));
    }

    private static partial class Log
    {
        [LoggerMessage(120, LogLevel.Warning, "Hotpath's pipeline view shows only the host's middleware, not the application's: {Reason}")]
        public static partial void PartialView(ILogger logger, string reason);
    }
}
