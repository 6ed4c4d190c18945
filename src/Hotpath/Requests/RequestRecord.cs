namespace Hotpath.Requests;

/// <summary>
/// One request as Hotpath saw it: the single record the request list, the error log and the pipeline view all point to
/// (by <see cref="Id"/>, which is also the label its samples carry). Filled while the request runs, complete once
/// <see cref="Completed"/> is set; read-only to everyone else.
/// </summary>
public sealed class RequestRecord
{
    /// <summary>Creates the record of a request that is starting.</summary>
    public RequestRecord(long id, DateTimeOffset startedAt, long startTimestamp, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        Id = id;
        StartedAt = startedAt;
        StartTimestamp = startTimestamp;
        Method = method;
        Path = path;
    }

    /// <summary>Hotpath's id for the request (never 0); the label its samples carry.</summary>
    public long Id { get; }

    /// <summary>When the request started (wall clock).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When the request started, in <see cref="System.Diagnostics.Stopwatch"/> ticks (the samples' clock).</summary>
    public long StartTimestamp { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The request path (without the query string).</summary>
    public string Path { get; }

    /// <summary>The query string with the values of sensitive parameters redacted, or empty.</summary>
    public string Query { get; set; } = string.Empty;

    /// <summary>The routing endpoint's route pattern or display name (<c>GET /api/orders/{id}</c>), once routed.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The W3C trace id of the request's <see cref="System.Diagnostics.Activity"/>, when there was one.</summary>
    public string? TraceId { get; set; }

    /// <summary>The status code sent (0 until the request completes).</summary>
    public int Status { get; set; }

    /// <summary>How long the request took, in milliseconds (0 until it completes).</summary>
    public double DurationMs { get; set; }

    /// <summary>When the request ended, in <see cref="System.Diagnostics.Stopwatch"/> ticks (0 until it completes).</summary>
    public long EndTimestamp { get; set; }

    /// <summary>Whether the request has completed; its fields no longer change.</summary>
    public bool Completed { get; set; }

    /// <summary>Whether an exception escaped the request's code (recorded in the error log under this request's id).</summary>
    public bool Failed { get; set; }

    /// <summary>The middleware that ran, in order, when the pipeline view is on; null otherwise.</summary>
    public IReadOnlyList<MiddlewareStep>? Pipeline { get; set; }
}
