namespace Hotpath.AspNetCore.Errors;

/// <summary>Who turned an exception into a response: the values of an error's <c>handledBy</c>.</summary>
internal static class HandledBy
{
    public const string DeveloperExceptionPage = "DeveloperExceptionPage";
    public const string ExceptionHandler = "ExceptionHandler";
    public const string MvcExceptionFilter = "MvcExceptionFilter";
    public const string HotpathExceptions = "UseHotpathExceptions";
    public const string HotpathExceptionsAborted = "UseHotpathExceptions (response had started: connection aborted)";
    public const string Server = "unhandled (server 500)";
    public const string ServerAborted = "unhandled (response had started: connection aborted)";

    /// <summary>A middleware that caught it in its own try/catch (seen by the pipeline view).</summary>
    public static string Middleware(string name) => "middleware " + name;
}
