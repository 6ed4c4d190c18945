using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// One middleware of the pipeline, wrapped: it times the middleware before and after its call to next, notes whether it
/// called next at all and what exceptions passed in and out. Built once per pipeline; per request it only touches the
/// request's <see cref="PipelineTrace"/>.
/// </summary>
internal sealed class PipelineComponent
{
    private readonly PipelineRecorder _recorder;

    private PipelineComponent(PipelineRecorder recorder) => _recorder = recorder;

    public string Name { get; private set; } = "middleware";

    /// <summary>Wraps a component given to <c>IApplicationBuilder.Use</c>.</summary>
    public static Func<RequestDelegate, RequestDelegate> Wrap(Func<RequestDelegate, RequestDelegate> component, PipelineRecorder recorder, string? name) => next =>
    {
        var wrapper = new PipelineComponent(recorder);
        var built = component(context => wrapper.CallNextAsync(context, next));
        wrapper.Name = string.IsNullOrEmpty(name) ? MiddlewareNames.Of(component, built) : name;
        return context => wrapper.InvokeAsync(context, built);
    };

    private Task InvokeAsync(HttpContext context, RequestDelegate middleware)
    {
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

    private async Task AwaitInvokeAsync(HttpContext context, PipelineTrace trace, PipelineTrace.Slot slot, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Exit(context, trace, slot, ex);
            throw;
        }

        Exit(context, trace, slot, null);
    }

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

    private Task CallNextAsync(HttpContext context, RequestDelegate next)
    {
        var slot = context.Features.Get<PipelineTrace>()?.Open(this);
        if (slot is null)
        {
            return next(context);
        }

        slot.CalledNext = true;
        slot.NextStart = System.Diagnostics.Stopwatch.GetTimestamp();
        slot.NextException = null;
        Task task;
        try
        {
            task = next(context);
        }
        catch (Exception ex)
        {
            slot.NextEnd = System.Diagnostics.Stopwatch.GetTimestamp();
            slot.NextException = ex;
            throw;
        }

        if (task.IsCompleted && !task.IsFaulted)
        {
            slot.NextEnd = System.Diagnostics.Stopwatch.GetTimestamp();
            return task;
        }

        return AwaitNextAsync(slot, task);
    }

    private static async Task AwaitNextAsync(PipelineTrace.Slot slot, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            slot.NextException = ex;
            throw;
        }
        finally
        {
            slot.NextEnd = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }
}
