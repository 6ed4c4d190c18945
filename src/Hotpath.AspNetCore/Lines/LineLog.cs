using Microsoft.Extensions.Logging;

namespace Hotpath.AspNetCore.Lines;

internal static partial class LineLog
{
    [LoggerMessage(40, LogLevel.Information, "Hotpath line report ({Scope}):\n{Report}")]
    public static partial void Report(ILogger logger, string scope, string report);

    [LoggerMessage(41, LogLevel.Warning, "Hotpath could not write the line report to {Path}")]
    public static partial void WriteFailed(ILogger logger, string path, Exception exception);
}
