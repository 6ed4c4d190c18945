namespace Hotpath.Sampling;

/// <summary>Which sampler takes the on-CPU samples.</summary>
public enum SamplerKind
{
    /// <summary>The kernel's perf sampler where the kernel allows it, else the EventPipe sampler.</summary>
    Auto,

    /// <summary>
    /// The kernel's CPU-clock sampler (<c>perf_event_open</c>, Linux): samples only threads that are on a CPU, at exact
    /// CPU-time intervals, at any instruction. Refused by the kernel: profiling does not start, and the UI says why.
    /// </summary>
    PerfEvent,

    /// <summary>
    /// The runtime's EventPipe sampler, duty-cycled: samples every managed thread at GC safe points; cheaper where the
    /// kernel's sampler is refused, less accurate (safe-point bias, phase-locking to request loops), no wait measure.
    /// </summary>
    EventPipe,
}
