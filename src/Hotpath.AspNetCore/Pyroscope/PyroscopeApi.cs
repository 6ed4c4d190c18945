using Hotpath.AspNetCore.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Pyroscope;

/// <summary><c>GET {Path}/api/pyroscope</c>: whether profiles are pushed, and how many were sent, retried and dropped.</summary>
internal sealed class PyroscopeApi(PyroscopeStatus status, IOptions<PyroscopeOptions> options) : IProfileApi
{
    public void Map(ProfileRoutes routes) => routes.MapGet("api/pyroscope", context => ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new
    {
        enabled = !string.IsNullOrEmpty(options.Value.ServerUrl),
        server = options.Value.ServerUrl,
        sent = status.Sent,
        dropped = status.Dropped,
        failedAttempts = status.FailedAttempts,
        skippedEmpty = status.SkippedEmpty,
        lastError = status.LastError,
        lastSentAt = status.LastSentAt,
    }));
}
