namespace Hotpath.Requests;

/// <summary>What the request list asks for; every filter is optional.</summary>
internal sealed record RequestQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Exact endpoint name; <see cref="EndpointTable.NoEndpoint"/> selects requests no endpoint handled.</summary>
    public string? Endpoint { get; init; }

    /// <summary>An exact status code, or a class such as 5 for 5xx (with <see cref="StatusClass"/>).</summary>
    public int? Status { get; init; }

    /// <summary>When true, <see cref="Status"/> is a class digit (1–5) matching <c>Nxx</c>.</summary>
    public bool StatusClass { get; init; }

    public double? MinDurationMs { get; init; }

    public string? TraceId { get; init; }

    public bool Matches(RequestRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return (Endpoint is null || string.Equals(Endpoint, r.Endpoint ?? EndpointTable.NoEndpoint, StringComparison.Ordinal))
            && (Status is not { } s || (StatusClass ? r.Status / 100 == s : r.Status == s))
            && (MinDurationMs is not { } d || r.DurationMs >= d)
            && (TraceId is null || string.Equals(TraceId, r.TraceId, StringComparison.OrdinalIgnoreCase));
    }
}
