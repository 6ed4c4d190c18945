namespace Hotpath.Demo.Services;

/// <summary>Statistics over a generated series of request latencies, as the async report endpoint returns them.</summary>
public sealed record Report(
    int Samples,
    double MeanMs,
    double StdDevMs,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMovingAverageMs,
    IReadOnlyList<int> Histogram,
    double ElapsedMs);
