namespace Hotpath.MiddlewareOrder;

/// <summary>The pipeline, in the order the middleware are added (the seed's MIDDLEWARE list).</summary>
public static class MiddlewareOrderPipeline
{
    public static void Configure(WebApplication app)
    {
        // Hotpath first, so it sees every later middleware and endpoint.
        app.UseHotpath();

        // The seed's WSGI exception-handling middleware: it catches what comes out of everything inside it.
        app.UseMiddleware<OuterCatcherMiddleware>();

        // The seed's WSGIMiddlewareRaiseException: throws before DeveloperExceptionPage could see it, on /raise only.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/raise")
            {
                Print.Line("called: RaiseInMiddleware");
                throw new InvalidOperationException("raised by a middleware outside DeveloperExceptionPage");
            }

            await next(context);
        });

        // Django's error page: it turns an exception from inside it into a page, so nothing outside ever sees it.
        app.UseDeveloperExceptionPage();

        app.UseMiddleware<OrderMiddleware>("app1");
        app.UseMiddleware<OrderMiddleware>("proj");
        app.UseMiddleware<OrderMiddleware>("app2");

        app.MapGet("/myapp/", () =>
        {
            Print.Line("called: MyAppView");
            return "Hello world";
        });
        app.MapGet("/myapp/exception", string (HttpContext context) =>
        {
            Print.Line("called: MyExceptionView");
            throw new InvalidOperationException($"{context.Request.Method} {context.Request.Path}");
        });
    }
}
