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
    /// The sampling interval, in milliseconds, Hotpath expects the runtime to use. The runtime reads its interval once at
    /// process start from the environment variable <c>DOTNET_EventPipeThreadSamplingRate</c>; Hotpath cannot change it
    /// afterwards. When the two differ Hotpath logs a warning that says what to set, and the UI shows the rate actually
    /// measured. <c>dotnet hotpath run</c> sets the variable for you.
    /// </summary>
    /// <value>Default: 10 ms (see <c>docs/performance.md</c> for the cost of each interval).</value>
    public int SamplingIntervalMs { get; set; } = 10;

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

    /// <summary>
    /// Also write the line profiler's wsgi_lineprof-style report (docs/lines.md) to the log, the console or a file, off the
    /// request thread. The UI's Lines page and <c>{Path}/export/lines</c> show it whatever this is.
    /// </summary>
    /// <value>Default: <see cref="LineReportTarget.None"/>.</value>
    public LineReportTarget LineReport { get; set; } = LineReportTarget.None;

    /// <summary>The file <see cref="LineReportTarget.File"/> appends to; relative paths are resolved against the content root.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? LineReportPath { get; set; }

    /// <summary>
    /// One line report per request (the lines that request ran; concurrent requests mix in) instead of the accumulated
    /// report written every <see cref="LineReportIntervalSeconds"/> and at shutdown.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool LineReportPerRequest { get; set; }

    /// <summary>A regular expression over <c>Namespace.Type.Method</c> selecting the functions the line report shows.</summary>
    /// <value>Default: <see langword="null"/> (every function that ran).</value>
    public string? LineReportFunction { get; set; }

    /// <summary>How often the accumulated line report is written, in seconds; 0 writes it at shutdown only.</summary>
    /// <value>Default: 0.</value>
    public int LineReportIntervalSeconds { get; set; }
}
