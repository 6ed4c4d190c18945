using System.Diagnostics;

namespace Hotpath.BenchApi.Mediation;

/// <summary>Times the handler and warns about slow requests.</summary>
public sealed partial class TimingBehavior<TRequest, TResponse>(ILogger<TimingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse> where TRequest : IRequest<TResponse>
{
    private const int SlowMs = 500;

    public async Task<TResponse> HandleAsync(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed.TotalMilliseconds > SlowMs)
        {
            LogSlow(logger, typeof(TRequest).Name, elapsed.TotalMilliseconds);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow request {RequestName}: {ElapsedMs:F0} ms")]
    private static partial void LogSlow(ILogger logger, string requestName, double elapsedMs);
}
