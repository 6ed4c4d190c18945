namespace Hotpath.Model;

/// <summary>
/// The labels rows carry. Process-only samples (no request was running) have no labels; every request sample carries
/// its endpoint once known, and the request id while the request keeps its own profile.
/// </summary>
/// <param name="InRequest">Whether the samples were taken while a request ran (the requests scope).</param>
/// <param name="RequestId">The request whose own profile this is; 0 when the request did not keep one (or none ran).</param>
/// <param name="Endpoint">The routing endpoint (<c>GET /api/orders/{id}</c>); null when not yet known, not routed or not a request.</param>
public sealed record ProfileLabelSet(bool InRequest, long RequestId, string? Endpoint)
{
    /// <summary>No labels: samples taken while no request ran.</summary>
    public static ProfileLabelSet ProcessOnly { get; } = new(false, 0, null);

    /// <summary>Request samples with neither endpoint nor request (older files, or past a cap).</summary>
    public static ProfileLabelSet AnyRequest { get; } = new(true, 0, null);

    /// <summary>Whether a filter selects the rows of this label set.</summary>
    public bool Matches(ProfileFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.RequestId is { } id && id != RequestId)
        {
            return false;
        }

        if (filter.Endpoint is { } endpoint && !string.Equals(endpoint, Endpoint, StringComparison.Ordinal))
        {
            return false;
        }

        var narrowed = filter.RequestId is not null || filter.Endpoint is not null;
        return InRequest || (!narrowed && filter.Scope == ProfileScope.Process);
    }
}
