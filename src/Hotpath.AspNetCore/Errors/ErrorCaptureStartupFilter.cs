using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// Subscribes the error capture to the host's diagnostic events while the pipeline is built, before the server takes
/// its first request (a hosted service would start after the server and miss the first requests).
/// </summary>
internal sealed class ErrorCaptureStartupFilter(ErrorCapture capture) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        capture.Subscribe(app.ApplicationServices.GetService<DiagnosticListener>());
        next(app);
    };
}
