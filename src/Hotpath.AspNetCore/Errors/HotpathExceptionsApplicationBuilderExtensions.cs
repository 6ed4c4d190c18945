using Hotpath.AspNetCore.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Hotpath's exception handler to the request pipeline.</summary>
public static class HotpathExceptionsApplicationBuilderExtensions
{
    /// <summary>
    /// Catches exceptions from everything added after it and answers 500 by content negotiation:
    /// <c>application/problem+json</c> (RFC 9457, with the trace id), <c>text/html</c> or <c>text/plain</c>. Type, message
    /// and stack trace are shown only in the Development environment. If the response has already started, the
    /// connection is aborted and the error logged. Errors are recorded in Hotpath's error log with or without it;
    /// this only adds the response. Requires <c>services.AddHotpath()</c>.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder, for chaining.</returns>
    public static IApplicationBuilder UseHotpathExceptions(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<ErrorCapture>() is null)
        {
            throw new InvalidOperationException("UseHotpathExceptions needs Hotpath's services: call builder.Services.AddHotpath() first.");
        }

        return app.UseMiddleware<HotpathExceptionMiddleware>();
    }
}
