using Microsoft.Extensions.Logging;

namespace Hotpath.AspNetCore.Pyroscope;

internal static partial class PyroscopeLog
{
    [LoggerMessage(100, LogLevel.Information, "Hotpath pushes profiles to Pyroscope at {Url} every {Seconds} s as '{Name}'")]
    public static partial void Started(ILogger logger, string url, double seconds, string name);

    [LoggerMessage(101, LogLevel.Warning, "Hotpath dropped a profile for Pyroscope: {Reason} ({Dropped} dropped so far)")]
    public static partial void Dropped(ILogger logger, string reason, long dropped);

    [LoggerMessage(102, LogLevel.Debug, "Hotpath Pyroscope push failed, retrying in {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, long delayMs, string reason);
}
