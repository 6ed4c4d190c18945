namespace Hotpath.Requests;

/// <summary>What one middleware did to one request: the pipeline view's row.</summary>
/// <param name="Name">A readable name: the middleware type, or the method an inline <c>app.Use</c> lambda lives in.</param>
/// <param name="Order">Its position in the pipeline, 0 first.</param>
/// <param name="BeforeMs">Time spent before it called the next middleware (or in total, when it did not call next).</param>
/// <param name="AfterMs">Time spent after the next middleware returned.</param>
/// <param name="CalledNext">Whether it called the next middleware (false: it short-circuited).</param>
/// <param name="Exception">The type of an exception that passed out of it, or null.</param>
public sealed record MiddlewareStep(string Name, int Order, double BeforeMs, double AfterMs, bool CalledNext, string? Exception)
{
    /// <summary>
    /// The type of an exception that came out of the next middleware and that this one did not let through: it
    /// handled it (DeveloperExceptionPage, UseExceptionHandler, a try/catch). Null otherwise.
    /// </summary>
    public string? Handled { get; init; }

    /// <summary>How many middleware enclose this one when it runs (0 for the outermost).</summary>
    public int Depth { get; init; }
}
