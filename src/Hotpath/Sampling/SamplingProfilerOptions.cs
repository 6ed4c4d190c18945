using Hotpath.Aggregation;

namespace Hotpath.Sampling;

/// <summary>Settings of the engine.</summary>
internal sealed record SamplingProfilerOptions
{
    public ProfileLimits Limits { get; init; } = ProfileLimits.Default;

    /// <summary>The process to attach to (this one, by default).</summary>
    public int ProcessId { get; init; } = Environment.ProcessId;

    /// <summary>EventPipe's buffer for the session; events are lost (and counted by the runtime) when processing falls behind.</summary>
    public int BufferMegabytes { get; init; } = 32;

    /// <summary>Distinct call stacks TraceLog may intern before its tables are trimmed.</summary>
    public int TrimAfterStacks { get; init; } = 20_000;
}
