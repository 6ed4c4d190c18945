using Hotpath.Aggregation;

namespace Hotpath.Sampling;

/// <summary>Settings of the engine.</summary>
internal sealed record SamplingProfilerOptions
{
    public ProfileLimits Limits { get; init; } = ProfileLimits.Default;

    /// <summary>The process to attach to (this one, by default).</summary>
    public int ProcessId { get; init; } = Environment.ProcessId;

    /// <summary>EventPipe's buffer for the method-event session; events are lost (and counted by the runtime) when processing falls behind.</summary>
    public int BufferMegabytes { get; init; } = 16;

    /// <summary>Which sampler to use.</summary>
    public SamplerKind Sampler { get; init; } = SamplerKind.Auto;

    /// <summary>The perf sampler's mean period, in milliseconds of a thread's CPU time.</summary>
    public double PeriodMs { get; init; } = 10;

    /// <summary>Each period is drawn from PeriodMs × (1 ± Jitter), so samples cannot lock to a periodic workload.</summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>Record waits (the stack a request thread blocked in, and for how long) where the kernel allows it.</summary>
    public bool Waits { get; init; } = true;

    /// <summary>How long a sample waits for the method events that name its code before it is symbolized.</summary>
    public TimeSpan SymbolDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The EventPipe fallback's duty cycle: one window of sampling, then a pause, per cycle.</summary>
    public TimeSpan EventPipeCycle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Tests: pretend the kernel refused perf_event_open with this reason (exercises the fallback).</summary>
    public string? SimulatedPerfRefusal { get; init; }
}
