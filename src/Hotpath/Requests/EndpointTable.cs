namespace Hotpath.Requests;

/// <summary>
/// Latency and error counts per endpoint over every completed request (kept or not), bounded: at most
/// <see cref="MaxEndpoints"/> endpoints, further ones share one row. Thread-safe; one short lock per request.
/// </summary>
internal sealed class EndpointTable
{
    public const int MaxEndpoints = 1024;

    /// <summary>The name requests without an endpoint are listed under.</summary>
    public const string NoEndpoint = "(none)";

    public const string OtherEndpoints = "[other endpoints]";

    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Add(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = record.Endpoint ?? NoEndpoint;
        var failed = record.Failed || record.Status >= 500;
        lock (_gate)
        {
            if (!_entries.TryGetValue(name, out var entry))
            {
                name = _entries.Count >= MaxEndpoints ? OtherEndpoints : name;
                if (!_entries.TryGetValue(name, out entry))
                {
                    entry = new Entry();
                    _entries.Add(name, entry);
                }
            }

            entry.Sketch.Add(record.DurationMs);
            entry.Errors += failed ? 1 : 0;
        }
    }

    public IReadOnlyList<EndpointSummary> Summaries()
    {
        lock (_gate)
        {
            return _entries
                .Select(e => new EndpointSummary(e.Key, e.Value.Sketch.Count, e.Value.Sketch.Quantile(0.50), e.Value.Sketch.Quantile(0.95), e.Value.Sketch.Quantile(0.99), e.Value.Errors))
                .ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private sealed class Entry
    {
        public LatencySketch Sketch { get; } = new();

        public long Errors { get; set; }
    }
}
