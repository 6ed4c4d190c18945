using Microsoft.Extensions.Logging;

namespace Hotpath.AspNetCore.Hosting;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Hotpath profile UI: {Url}")]
    public static partial void UiAddress(ILogger logger, string url);

    [LoggerMessage(2, LogLevel.Warning, "Hotpath could not start profiling; the application keeps serving without it. Reason: {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(3, LogLevel.Warning, "Hotpath: {Message}")]
    public static partial void SamplerNote(ILogger logger, string message);

    [LoggerMessage(4, LogLevel.Information, "Hotpath wrote the profile ({Samples} samples) to {Path}")]
    public static partial void Flushed(ILogger logger, long samples, string path);

    [LoggerMessage(5, LogLevel.Error, "Hotpath could not write the profile to {Path}")]
    public static partial void FlushFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Hotpath started: {Sampler} sampler, every {IntervalMs} ms, profile scope requests + process")]
    public static partial void Started(ILogger logger, string sampler, double intervalMs);

    [LoggerMessage(7, LogLevel.Warning, "Hotpath stopped profiling after an error; the application keeps serving.")]
    public static partial void RunFailed(ILogger logger, Exception exception);
}
