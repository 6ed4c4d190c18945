namespace Hotpath.MiddlewareOrder;

/// <summary>
/// The seed's DjangoMiddlewareInApp1/InProject/InApp2, one class with a label: it prints when it is constructed
/// (once, when the pipeline is built) and before and after it calls the next middleware.
/// </summary>
public sealed class OrderMiddleware
{
    private readonly RequestDelegate _next;
    private readonly string _label;

    public OrderMiddleware(RequestDelegate next, string label)
    {
        _next = next;
        _label = label;
        Print.Line($"{label}: one-time configuration");
    }

    public async Task InvokeAsync(HttpContext context)
    {
        Print.Line($"{_label}: before request");
        await _next(context);

        // Unlike Django's, this line does not run when the next middleware throws: the exception passes through.
        Print.Line($"{_label}: after request");
    }
}
