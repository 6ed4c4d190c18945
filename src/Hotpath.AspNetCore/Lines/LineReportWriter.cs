using Hotpath.Lines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Lines;

/// <summary>
/// Writes the line report (<see cref="HotpathOptions.LineReport"/>) off the request thread: accumulated (every
/// <see cref="HotpathOptions.LineReportIntervalSeconds"/> and at shutdown) or per request (the middleware hands over
/// two counter snapshots; the difference is computed and written here).
/// </summary>
internal sealed class LineReportWriter : BackgroundService
{
    private readonly HotpathOptions _options;
    private readonly ILogger _logger;
    private readonly string? _path;
    private readonly LineQuery _query;
    private readonly LineReportQueue _queue;

    public LineReportWriter(IOptions<HotpathOptions> options, LineReportQueue queue, ILoggerFactory loggers, IHostEnvironment environment)
    {
        _queue = queue;
        _options = options.Value;
        _logger = loggers.CreateLogger("Hotpath.Lines");
        _path = _options.LineReportPath is null ? null : Path.GetFullPath(_options.LineReportPath, environment.ContentRootPath);
        _query = LineQuery.Parse(_options.LineReportFunction, null, null, out _) ?? new LineQuery();
    }

    /// <summary>Writes a report of <paramref name="snapshot"/> (or of the live counters) now.</summary>
    public void Write(string scope, LineSnapshot? snapshot = null)
    {
        var functions = LineData.Select(_query, snapshot).Where(f => f.Calls > 0 || f.Rows.Any(r => r.Samples > 0)).ToList();
        if (functions.Count == 0)
        {
            return;
        }

        var text = new StringWriter { NewLine = "\n" };
        LineTextReport.Write(text, functions);
        switch (_options.LineReport)
        {
            case LineReportTarget.Log:
                LineLog.Report(_logger, scope, text.ToString());
                break;
            case LineReportTarget.Console:
                Console.Out.Write($"Hotpath line report ({scope}):\n{text}");
                Console.Out.Flush();
                break;
            case LineReportTarget.File when _path is not null:
                try
                {
                    File.AppendAllText(_path, $"# Hotpath line report ({scope}) {DateTimeOffset.UtcNow:O}\n{text}\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LineLog.WriteFailed(_logger, _path, e);
                }

                break;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_options.LineReport != LineReportTarget.None && !_options.LineReportPerRequest)
        {
            Write("accumulated, at shutdown");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.LineReport == LineReportTarget.None)
        {
            return;
        }

        try
        {
            if (_options.LineReportPerRequest)
            {
                await foreach (var (request, before, after) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    Write("request " + request, after.Minus(before));
                }
            }
            else if (_options.LineReportIntervalSeconds > 0)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.LineReportIntervalSeconds));
                while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                {
                    Write("accumulated");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
