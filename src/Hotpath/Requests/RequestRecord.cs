namespace Hotpath.Requests;

/// <summary>
/// One request as Hotpath saw it: the single record the request list, the error log and the pipeline view all point to
/// (by <see cref="Id"/>, which is also the label its samples carry). Filled while the request runs, complete once
/// <see cref="Completed"/> is set; read-only to everyone else.
/// </summary>
public sealed class RequestRecord
{
    private long _cpuSamples;
    private long _waitSamples;
    private volatile bool _hasProfile;

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

    /// <summary>On-CPU samples attributed to this request so far (late samples still arrive for a moment after it ends).</summary>
    public long CpuSamples => Volatile.Read(ref _cpuSamples);

    /// <summary>Wait samples attributed to this request so far.</summary>
    public long WaitSamples => Volatile.Read(ref _waitSamples);

    /// <summary>Whether the request keeps its own profile (<c>export/collapsed?request={id}</c>); false once its profile
    /// was folded into its endpoint's (not kept, evicted, or dropped under the byte cap).</summary>
    public bool HasProfile
    {
        get => _hasProfile;
        internal set => _hasProfile = value;
    }

    /// <summary>Why the request's profile was kept: <c>all</c>, <c>slow</c>, <c>sampled</c> or <c>on-demand</c>; null when it was not.</summary>
    public string? KeepReason { get; set; }

    /// <summary>Counts samples attributed to the request; called by the one thread that aggregates samples.</summary>
    internal void AddSamples(long cpu, long wait)
    {
        Volatile.Write(ref _cpuSamples, _cpuSamples + cpu);
        Volatile.Write(ref _waitSamples, _waitSamples + wait);
    }

    /// <summary>Restores sample counts read from a saved profile.</summary>
    internal void SetSamples(long cpu, long wait)
    {
        Volatile.Write(ref _cpuSamples, cpu);
        Volatile.Write(ref _waitSamples, wait);
    }

    /// <summary>A rough size in bytes, for the request store's byte cap.</summary>
    internal long EstimatedBytes =>
        200 + (2L * (Method.Length + Path.Length + Query.Length + (Endpoint?.Length ?? 0) + (TraceId?.Length ?? 0) + (KeepReason?.Length ?? 0)))
        + (64L * (Pipeline?.Count ?? 0));
}
