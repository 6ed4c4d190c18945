using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// <c>app.UseHotpathExceptions()</c>: turns an exception from anything inside it into a 500 chosen by content negotiation
/// (<see cref="ExceptionResponseWriter"/>), with details only in Development. When the response has already started
/// nothing sound can be written any more: the connection is aborted and the failure logged.
/// </summary>
internal sealed partial class HotpathExceptionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ErrorCapture _capture;
    private readonly ExceptionResponseWriter _writer;
    private readonly ILogger _logger;

    public HotpathExceptionMiddleware(RequestDelegate next, ErrorCapture capture, IHostEnvironment environment, ILogger<HotpathExceptionMiddleware> logger)
    {
        _next = next;
        _capture = capture;
        _writer = new ExceptionResponseWriter(environment.IsDevelopment());
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        Task task;
        try
        {
            task = _next(context);
        }
        catch (Exception exception)
        {
            return HandleAsync(context, exception);
        }

        return task.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(context, task);
    }

    private async Task AwaitAsync(HttpContext context, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await HandleAsync(context, exception).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context, Exception exception)
    {
        if (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer, and it is not the application's error.
            Log.ClientAborted(_logger, context.Request.Path.Value ?? string.Empty);
            return;
        }

        if (context.Response.HasStarted)
        {
            _capture.Observe(context, exception, HandledBy.HotpathExceptionsAborted, ErrorRank.Reported);
            Log.ResponseStarted(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, exception);
            context.Abort();
            return;
        }

        _capture.Observe(context, exception, HandledBy.HotpathExceptions, ErrorRank.Reported);
        Log.Unhandled(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, exception);
        try
        {
            await _writer.WriteAsync(context, exception).ConfigureAwait(false);
        }
        catch (Exception writeFailure)
        {
            // Half a body is worse than none: cut the connection.
            Log.WriteFailed(_logger, writeFailure);
            context.Abort();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Error, "Unhandled exception in {Method} {Path}; answered 500")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);

        [LoggerMessage(111, LogLevel.Error, "Exception in {Method} {Path} after the response had started; the connection was aborted instead of writing a corrupt body")]
        public static partial void ResponseStarted(ILogger logger, string method, string path, Exception exception);

        [LoggerMessage(112, LogLevel.Error, "Could not write the 500 response; the connection was aborted")]
        public static partial void WriteFailed(ILogger logger, Exception exception);

        [LoggerMessage(113, LogLevel.Debug, "Request to {Path} aborted by the client")]
        public static partial void ClientAborted(ILogger logger, string path);
    }
}
