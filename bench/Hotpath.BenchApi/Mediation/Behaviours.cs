using System.Diagnostics;

namespace Hotpath.BenchApi.Mediation;

/// <summary>Logs every request at Information, before and after, as real services' pipelines do.</summary>
public sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse> where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> HandleAsync(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        LogHandling(logger, typeof(TRequest).Name, request);
        var response = await next().ConfigureAwait(false);
        LogHandled(logger, typeof(TRequest).Name);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Handling {RequestName} {Request}")]
    private static partial void LogHandling(ILogger logger, string requestName, TRequest request);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handled {RequestName}")]
    private static partial void LogHandled(ILogger logger, string requestName);
}

/// <summary>Runs every validator of the request type and throws <see cref="ValidationException"/> on errors.</summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse> where TRequest : IRequest<TResponse>
{
    public async Task<TResponse> HandleAsync(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var validator in validators)
        {
            errors.AddRange(await validator.ValidateAsync(request, cancellationToken).ConfigureAwait(false));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        return await next().ConfigureAwait(false);
    }
}

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
