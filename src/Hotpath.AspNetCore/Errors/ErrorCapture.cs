using System.Diagnostics;
using Hotpath.AspNetCore.Requests;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// Records every exception that escapes a request's code, including those an inner handler already turned into a
/// response, which an outer middleware never sees. It listens to the host's <see cref="DiagnosticListener"/>
/// ("Microsoft.AspNetCore"): DeveloperExceptionPage reports <c>Microsoft.AspNetCore.Diagnostics.UnhandledException</c>
/// after rendering its page, UseExceptionHandler <c>…Diagnostics.HandledException</c>, MVC
/// <c>Microsoft.AspNetCore.Mvc.AfterOnException</c> after each exception filter, the server
/// <c>Microsoft.AspNetCore.Hosting.UnhandledException</c> when nothing handled it; <c>…Hosting.EndRequest</c> /
/// <c>…Hosting.UnhandledException</c> close the request, and the occurrences are written then. An
/// <see cref="IExceptionHandlerFeature"/> left on the request catches what UseExceptionHandler handled without
/// reporting it.
/// </summary>
internal sealed partial class ErrorCapture : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    internal const string DeveloperPageEvent = "Microsoft.AspNetCore.Diagnostics.UnhandledException";
    internal const string HandlerEvent = "Microsoft.AspNetCore.Diagnostics.HandledException";
    internal const string ServerEvent = "Microsoft.AspNetCore.Hosting.UnhandledException";
    internal const string EndRequestEvent = "Microsoft.AspNetCore.Hosting.EndRequest";
    internal const string MvcBeforeEvent = "Microsoft.AspNetCore.Mvc.BeforeOnException";
    internal const string MvcAfterEvent = "Microsoft.AspNetCore.Mvc.AfterOnException";

    private readonly ErrorLog _log;
    private readonly HeaderRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly IErrorSink[] _sinks;
    private readonly ILogger _logger;
    private readonly bool _enabled;
    private IDisposable? _subscription;

    public ErrorCapture(ErrorLog log, HeaderRedactor redactor, IOptions<HotpathOptions> options, TimeProvider time, IEnumerable<IErrorSink> sinks, ILogger<ErrorCapture> logger)
    {
        _log = log;
        _redactor = redactor;
        _time = time;
        _sinks = sinks.ToArray();
        _logger = logger;
        _enabled = options.Value.Enabled;
    }

    /// <summary>Starts listening to the host's diagnostic events (once).</summary>
    public void Subscribe(DiagnosticListener? listener)
    {
        if (listener is null || !_enabled || _subscription is not null)
        {
            return;
        }

        _subscription = listener.Subscribe(this, IsEnabled);
    }

    private static bool IsEnabled(string name) => name is DeveloperPageEvent or HandlerEvent or ServerEvent or EndRequestEvent or MvcBeforeEvent or MvcAfterEvent;

    /// <summary>Notes an exception of this request and who handled it; recorded when the request ends.</summary>
    public void Observe(HttpContext context, Exception exception, string handledBy, int rank)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        if (!_enabled)
        {
            return;
        }

        var observations = context.Features.Get<ErrorObservations>();
        if (observations is null)
        {
            observations = new ErrorObservations();
            context.Features.Set(observations);
        }

        observations.Note(exception, handledBy, rank);
    }

    /// <summary>The request ended: records what it saw. Called by the end-of-request events (and by tests).</summary>
    public void Complete(HttpContext context, bool escaped = false)
    {
        try
        {
            var observations = context.Features.Get<ErrorObservations>();
            var handlerFeature = context.Features.Get<IExceptionHandlerFeature>();
            if (handlerFeature?.Error is { } handled && (observations?.RankOf(handled) ?? -1) < ErrorRank.Reported)
            {
                // UseExceptionHandler handled it without a diagnostic event (.NET 10 suppresses diagnostics when an
                // IExceptionHandler handled the exception, unless SuppressDiagnosticsCallback says otherwise). Had it
                // failed to handle it, whoever did (or the server) would have reported it.
                Observe(context, handled, HandledBy.ExceptionHandler, ErrorRank.Reported);
                observations = context.Features.Get<ErrorObservations>();
            }

            if (observations is null)
            {
                return;
            }

            context.Features.Set<ErrorObservations>(null);
            var request = Snapshot(context, handlerFeature, escaped);
            var record = context.Features.Get<IHotpathRequestFeature>()?.Record;
            if (record is not null)
            {
                record.Failed = true;
            }

            foreach (var observation in observations.Seen)
            {
                Record(observation.Exception, observation.HandledBy.Length == 0 ? HandledBy.Server : observation.HandledBy, request);
            }
        }
        catch (Exception ex)
        {
            // The error log must never fail a request.
            Log.CaptureFailed(_logger, ex);
        }
    }

    private void Record(Exception exception, string handledBy, ErrorRequest request)
    {
        var type = exception.GetType().FullName ?? exception.GetType().Name;
        var site = ExceptionText.SiteOf(exception);
        var occurrence = new ErrorOccurrence(
            _log.NextId(),
            ExceptionText.GroupId(type, site),
            _time.GetUtcNow(),
            type,
            exception.Message,
            site,
            handledBy,
            ExceptionText.Of(exception),
            request);
        _log.Add(occurrence);
        foreach (var sink in _sinks)
        {
            sink.Write(occurrence);
        }
    }

    private ErrorRequest Snapshot(HttpContext context, IExceptionHandlerFeature? handlerFeature, bool escaped)
    {
        var http = context.Request;
        var record = context.Features.Get<IHotpathRequestFeature>()?.Record;
        var endpoint = handlerFeature?.Endpoint ?? context.GetEndpoint();
        var status = escaped && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var user = context.User?.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        var traceId = record?.TraceId ?? context.Features.Get<IHttpActivityFeature>()?.Activity?.TraceId.ToHexString() ?? Activity.Current?.TraceId.ToHexString();
        return new ErrorRequest(
            http.Method,
            handlerFeature?.Path ?? http.Path.Value ?? string.Empty,
            _redactor.Query(http.QueryString.Value ?? string.Empty),
            EndpointNames.Of(endpoint) ?? record?.Endpoint,
            status,
            _redactor.Headers(http.Headers),
            user,
            traceId,
            record?.Id);
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        try
        {
            OnEvent(value.Key, value.Value);
        }
        catch (Exception ex)
        {
            Log.CaptureFailed(_logger, ex);
        }
    }

    private void OnEvent(string name, object? payload)
    {
        switch (name)
        {
            case EndRequestEvent when EventPayload.Context(payload) is { } context:
                Complete(context);
                break;
            case ServerEvent when EventPayload.Context(payload) is { } context && EventPayload.Exception(payload) is { } exception:
                // By now the server has sent its 500 (so the response has started either way); when the response had
                // started before the exception, the server resets the connection instead, which aborts the request.
                Observe(context, exception, context.RequestAborted.IsCancellationRequested ? HandledBy.ServerAborted : HandledBy.Server, ErrorRank.Reported);
                Complete(context, escaped: true);
                break;
            case DeveloperPageEvent when EventPayload.Context(payload) is { } context && EventPayload.Exception(payload) is { } exception:
                Observe(context, exception, HandledBy.DeveloperExceptionPage, ErrorRank.Reported);
                break;
            case HandlerEvent when EventPayload.Context(payload) is { } context && EventPayload.Exception(payload) is { } exception:
                Observe(context, exception, HandledBy.ExceptionHandler, ErrorRank.Reported);
                break;
            case MvcBeforeEvent or MvcAfterEvent:
                OnMvcFilter(name, payload);
                break;
        }
    }

    private void OnMvcFilter(string name, object? payload)
    {
        var exceptionContext = payload switch
        {
            Microsoft.AspNetCore.Mvc.Diagnostics.BeforeExceptionFilterOnException before => before.ExceptionContext,
            Microsoft.AspNetCore.Mvc.Diagnostics.AfterExceptionFilterOnExceptionEventData after => after.ExceptionContext,
            _ => null,
        };
        if (exceptionContext?.HttpContext is not { } context)
        {
            return;
        }

        if (name == MvcBeforeEvent)
        {
            if (exceptionContext.Exception is { } seen)
            {
                context.Features.Set(new MvcPendingException(seen));
                Observe(context, seen, string.Empty, ErrorRank.Seen);
            }

            return;
        }

        var exception = exceptionContext.Exception ?? context.Features.Get<MvcPendingException>()?.Exception;
        if (exception is not null && (exceptionContext.ExceptionHandled || exceptionContext.Exception is null))
        {
            Observe(context, exception, HandledBy.MvcExceptionFilter, ErrorRank.Reported);
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose() => _subscription?.Dispose();

    private sealed record MvcPendingException(Exception Exception);

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Warning, "Hotpath could not record an error; the request is not affected.")]
        public static partial void CaptureFailed(ILogger logger, Exception exception);
    }
}
