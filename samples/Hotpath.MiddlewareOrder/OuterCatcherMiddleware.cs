namespace Hotpath.MiddlewareOrder;

/// <summary>The seed's WSGIMiddlewareExceptionHandling: catches anything that comes out of the rest of the pipeline.</summary>
public sealed class OuterCatcherMiddleware
{
    private readonly RequestDelegate _next;

    public OuterCatcherMiddleware(RequestDelegate next)
    {
        _next = next;
        Print.Line("outer: one-time configuration");
    }

    public async Task InvokeAsync(HttpContext context)
    {
        Print.Line("called: OuterCatcher");
        try
        {
            await _next(context);
        }
        catch (Exception) when (!context.Response.HasStarted)
        {
            Print.Line("handled exception by OuterCatcher");
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("raised exception.");
        }
    }
}
