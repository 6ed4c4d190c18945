using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// One middleware of the pipeline, wrapped: it times the middleware before and after its call to next, notes whether it
/// called next at all and what exceptions passed in and out. Built once per pipeline; per request it only touches the
/// request's <see cref="PipelineTrace"/>. Its frames are hidden from stack traces: an exception's stack shows the
/// application's middleware, not Hotpath's wrappers around them.
/// </summary>
[StackTraceHidden]
internal sealed class PipelineComponent
{
    private readonly PipelineRecorder _recorder;
    private readonly RequestDelegate _next;
    private RequestDelegate _middleware = null!;

    private PipelineComponent(PipelineRecorder recorder, RequestDelegate next)
    {
        _recorder = recorder;
        _next = next;
    }

    public string Name { get; private set; } = "middleware";

    /// <summary>Wraps a component given to <c>IApplicationBuilder.Use</c>.</summary>
    public static Func<RequestDelegate, RequestDelegate> Wrap(Func<RequestDelegate, RequestDelegate> component, PipelineRecorder recorder, string? name) =>
        next => new PipelineComponent(recorder, next).Build(component, name);

    private RequestDelegate Build(Func<RequestDelegate, RequestDelegate> component, string? name)
    {
        _middleware = component(CallNextAsync);
        Name = string.IsNullOrEmpty(name) ? MiddlewareNames.Of(component, _middleware) : name;
        return InvokeAsync;
    }

    private Task InvokeAsync(HttpContext context)
    {
        var middleware = _middleware;
        var trace = context.Features.Get<PipelineTrace>();
        if (trace is null)
        {
            trace = new PipelineTrace();
            context.Features.Set(trace);
        }

        var slot = trace.Enter(this);
        Task task;
        try
        {
            task = middleware(context);
        }
        catch (Exception ex)
        {
            Exit(context, trace, slot, ex);
            throw;
        }

        if (task.IsCompletedSuccessfully)
        {
            Exit(context, trace, slot, null);
            return task;
        }

        return AwaitInvokeAsync(context, trace, slot, task);
    }

    // Continuations rather than async methods: awaiting and rethrowing would add Hotpath's frames to the exception's
    // stack trace at every middleware; completing a TaskCompletionSource from the task passes the exception on as is.
    private Task AwaitInvokeAsync(HttpContext context, PipelineTrace trace, PipelineTrace.Slot slot, Task task)
    {
        var source = new TaskCompletionSource();
        task.ContinueWith(
            static (done, state) =>
            {
                var (self, context, trace, slot, source) = ((PipelineComponent, HttpContext, PipelineTrace, PipelineTrace.Slot, TaskCompletionSource))state!;
                self.Exit(context, trace, slot, Failure(done));
                CompleteFrom(source, done);
            },
            (this, context, trace, slot, source),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return source.Task;
    }

    private static Exception? Failure(Task done) => done.Status switch
    {
        TaskStatus.Faulted => done.Exception!.InnerExceptions.Count == 1 ? done.Exception.InnerException : done.Exception,
        TaskStatus.Canceled => new TaskCanceledException(done),
        _ => null,
    };

    private void Exit(HttpContext context, PipelineTrace trace, PipelineTrace.Slot slot, Exception? exception)
    {
        slot.Exception = exception;
        if (exception is null && slot.NextException is { } handled)
        {
            // Its next threw and it returned normally: it handled the exception (a catcher the error log may not hear of).
            _recorder.NoteHandled(context, handled, Name);
        }

        if (trace.Exit(slot))
        {
            _recorder.Complete(context, trace);
        }
    }

    private Task CallNextAsync(HttpContext context)
    {
        var next = _next;
        var slot = context.Features.Get<PipelineTrace>()?.Open(this);
        if (slot is null)
        {
            return next(context);
        }

        slot.CalledNext = true;
        slot.NextStart = Stopwatch.GetTimestamp();
        slot.NextException = null;
        Task task;
        try
        {
            task = next(context);
        }
        catch (Exception ex)
        {
            slot.NextEnd = Stopwatch.GetTimestamp();
            slot.NextException = ex;
            throw;
        }

        if (task.IsCompleted && !task.IsFaulted)
        {
            slot.NextEnd = Stopwatch.GetTimestamp();
            return task;
        }

        return AwaitNextAsync(slot, task);
    }

    private static Task AwaitNextAsync(PipelineTrace.Slot slot, Task task)
    {
        var source = new TaskCompletionSource();
        task.ContinueWith(
            static (done, state) =>
            {
                var (slot, source) = ((PipelineTrace.Slot, TaskCompletionSource))state!;
                slot.NextEnd = Stopwatch.GetTimestamp();
                slot.NextException = Failure(done);
                CompleteFrom(source, done);
            },
            (slot, source),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return source.Task;
    }

    // TaskCompletionSource.TrySetFromTask is .NET 9+; the libraries also target .NET 8.
    private static void CompleteFrom(TaskCompletionSource source, Task done)
    {
        if (done.IsFaulted)
        {
            source.TrySetException(done.Exception!.InnerExceptions);
        }
        else if (done.IsCanceled)
        {
            source.TrySetCanceled();
        }
        else
        {
            source.TrySetResult();
        }
    }
}
