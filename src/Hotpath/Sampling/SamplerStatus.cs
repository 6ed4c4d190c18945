namespace Hotpath.Sampling;

/// <summary>Which sampler runs and how well: what the UI and API say about accuracy.</summary>
/// <param name="Kind">The sampler in use (Auto until one was chosen).</param>
/// <param name="IntervalMs">The interval it was asked for, in milliseconds.</param>
/// <param name="WaitsMeasured">Whether the Wait measure is being recorded.</param>
/// <param name="Note">Why this sampler runs rather than the preferred one, or what it cannot do; null when nothing is wrong.</param>
/// <param name="Threads">Threads sampled now (perf sampler).</param>
/// <param name="CoveredCpuShare">The share of the process's CPU time that ran on sampled threads (perf sampler).</param>
/// <param name="LostRecords">Records the kernel dropped because a ring was full.</param>
/// <param name="DutyCycle">The share of time the EventPipe sampler runs (1 for the perf sampler).</param>
/// <param name="IsFallback">The EventPipe sampler runs because the kernel refused the perf sampler (not by choice).</param>
internal sealed record SamplerStatus(SamplerKind Kind, double IntervalMs, bool WaitsMeasured, string? Note, int Threads, double? CoveredCpuShare, long LostRecords, double DutyCycle, bool IsFallback = false);
