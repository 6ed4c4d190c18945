namespace Hotpath.Model;

/// <summary>
/// Which samples a view or export covers: a scope, optionally narrowed to one endpoint or one request, and one measure.
/// Every view (function table, call tree, callers, flame graph) and every exporter takes one of these.
/// </summary>
public sealed record ProfileFilter
{
    /// <summary>The whole process, or only samples taken while a request ran.</summary>
    public ProfileScope Scope { get; init; } = ProfileScope.Requests;

    /// <summary>Only samples of requests routed to this endpoint (its display name or route pattern); null for all.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Only samples of this request; null for all.</summary>
    public long? RequestId { get; init; }

    /// <summary>The measure to show.</summary>
    public ProfileMeasure Measure { get; init; } = ProfileMeasure.Cpu;

    /// <summary>The requests scope, CPU measure, no narrowing.</summary>
    public static ProfileFilter Requests { get; } = new();

    /// <summary>The whole-process scope, CPU measure.</summary>
    public static ProfileFilter Process { get; } = new() { Scope = ProfileScope.Process };
}
