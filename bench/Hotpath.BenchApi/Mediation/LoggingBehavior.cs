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
