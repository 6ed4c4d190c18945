using Hotpath.Sampling;

namespace Hotpath.AspNetCore;

/// <summary>
/// Options for the Hotpath profiling middleware. Bound from the configuration section <c>Hotpath</c>
/// and validated when the host starts.
/// </summary>
public sealed class HotpathOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Hotpath";

    /// <summary>Whether profiling is on. When false the middleware passes every request through untouched.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>The URL path of the profile UI, its JSON API (<c>{Path}/api/</c>) and exports (<c>{Path}/export/</c>).</summary>
    /// <value>Default: <c>/__profile__</c>.</value>
    public string Path { get; set; } = "/__profile__";

    /// <summary>
    /// Discard everything sampled up to the end of the first request, so JIT compilation and warm-up
    /// do not dominate the accumulated profile (repoze.profile's <c>discard_first_request</c>).
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool DiscardFirstRequest { get; set; } = true;

    /// <summary>
    /// A file the accumulated profile is written to on flush and, when <see cref="FlushAtShutdown"/> is set, at shutdown,
    /// in the versioned Hotpath profile format (<c>docs/profile-format.md</c>). Relative paths are resolved against the
    /// content root.
    /// </summary>
    /// <value>Default: <see langword="null"/> (nothing is written).</value>
    public string? LogFile { get; set; }

    /// <summary>Write the profile to <see cref="LogFile"/> when the application stops.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool FlushAtShutdown { get; set; } = true;

    /// <summary>
    /// The sampling interval, in milliseconds of a thread's CPU time, of the kernel's perf sampler (each period is drawn
    /// within ±10% of it so samples cannot lock to a periodic workload). The EventPipe fallback samples at the runtime's
    /// own interval (read at process start from <c>DOTNET_EventPipeThreadSamplingRate</c>, 1 ms by default) and runs
    /// only part of the time to stay cheap; the UI shows the interval measured either way.
    /// </summary>
    /// <value>Default: 10 ms (see <c>docs/performance.md</c> for the cost of each interval).</value>
    public int SamplingIntervalMs { get; set; } = 10;

    /// <summary>
    /// Which sampler takes the CPU samples: <see cref="SamplerKind.Auto"/> uses the kernel's CPU-clock sampler
    /// (<c>perf_event_open</c>, Linux) and falls back to the runtime's EventPipe sampler where the kernel refuses it
    /// (<c>kernel.perf_event_paranoid</c> 3, a seccomp profile, not Linux); <see cref="SamplerKind.PerfEvent"/> insists on
    /// the kernel's sampler (profiling does not start without it); <see cref="SamplerKind.EventPipe"/> forces the fallback.
    /// </summary>
    /// <value>Default: <see cref="SamplerKind.Auto"/>.</value>
    public SamplerKind Sampler { get; set; } = SamplerKind.Auto;

    /// <summary>Tests only: behave as if the kernel refused perf_event_open for this reason.</summary>
    internal string? SimulatedPerfRefusal { get; set; }

    /// <summary>
    /// Mark every request so the samples taken while it runs (on any thread, across awaits) are attributed to it: the
    /// <c>requests</c> scope. It costs about 0.1 µs per request plus a few tens of nanoseconds per async continuation
    /// (<c>docs/performance.md</c>). When false, only the <c>process</c> scope is recorded.
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool TrackRequests { get; set; } = true;

    /// <summary>The most distinct functions (frames) kept; further ones are merged into <c>[other]</c> and counted.</summary>
    /// <value>Default: 50,000.</value>
    public int MaxFrames { get; set; } = 50_000;

    /// <summary>The most distinct call-tree nodes (stack prefixes) kept; further samples are merged into <c>[other]</c> and counted.</summary>
    /// <value>Default: 200,000.</value>
    public int MaxStacks { get; set; } = 200_000;

    /// <summary>An upper bound on the memory the aggregated profile may use, in megabytes; past it new stacks are merged into <c>[other]</c>.</summary>
    /// <value>Default: 64.</value>
    public int MaxProfileMegabytes { get; set; } = 64;

    /// <summary>
    /// Serve the UI, API and exports to non-loopback clients and outside the Development environment. Prefer
    /// <see cref="AuthorizationPolicy"/>; with neither set, such requests get 404.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool AllowRemoteAccess { get; set; }

    /// <summary>
    /// The name of an authorization policy a user must satisfy to see the UI, API and exports. When set, access is decided
    /// by the policy alone (in any environment, from any address); callers that fail it get 404.
    /// </summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? AuthorizationPolicy { get; set; }
}
