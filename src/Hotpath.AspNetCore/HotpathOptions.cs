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

    /// <summary>
    /// The URL path of the profile UI, its JSON API (<c>{Path}/api/</c>) and exports (<c>{Path}/export/</c>). Not <c>/</c>,
    /// and not a prefix of one of the application's routes: start-up fails and names the route.
    /// </summary>
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
    /// content root; the folder must be writable at start-up. A profile already at this path that started at another time
    /// (an earlier run, or before a clear) is kept, renamed after its start time (<c>profile.json</c> becomes
    /// <c>profile.20261201T101500Z.json</c>), never replaced.
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

    /// <summary>
    /// Record the Wait measure (where request threads were blocked, and for how long) from context-switch samples. Needs
    /// the kernel sampler and <c>kernel.perf_event_paranoid</c> ≤ 1 (or root / CAP_PERFMON); costs a sample per
    /// context switch (see <c>docs/design.md</c>).
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool Waits { get; set; } = true;

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
    /// Serve the UI, API and exports to every client in every environment. Prefer <see cref="AuthorizationPolicy"/> or
    /// <c>MapHotpath().RequireAuthorization(...)</c>. Without any of them only direct loopback clients (no proxy header) in
    /// the Development environment see the profile; other requests go on to the application.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool AllowRemoteAccess { get; set; }

    /// <summary>
    /// The name of an authorization policy a user must satisfy to see the UI, API and exports. When set, access is decided
    /// by the policy (in any environment, from any address); Hotpath authenticates with the policy's schemes, or the
    /// default scheme, itself, so the middleware order does not matter. Callers that fail it go on to the application.
    /// An unregistered name fails start-up.
    /// </summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>The most completed requests whose records the request list keeps; the oldest are evicted first (and counted).</summary>
    /// <value>Default: 5,000.</value>
    public int MaxRequests { get; set; } = 5_000;

    /// <summary>An upper bound on the memory of the kept request records, in megabytes; past it the oldest are evicted.
    /// Per-request profiles count against <see cref="MaxProfileMegabytes"/>: past it the oldest is folded into its endpoint's.</summary>
    /// <value>Default: 16.</value>
    public int MaxRequestMegabytes { get; set; } = 16;

    /// <summary>
    /// The fraction (0 to 1) of requests, besides slow and on-demand ones, that keep their own profile
    /// (<c>export/collapsed?request={id}</c>). Every request's samples count in its endpoint's profile either way.
    /// </summary>
    /// <value>Default: <see langword="null"/>: every request in the Development environment (within the caps), none elsewhere.</value>
    public double? RequestSampleRate { get; set; }

    /// <summary>Requests that take at least this long, in milliseconds, keep their own profile; null keeps none for being slow.</summary>
    /// <value>Default: 1,000 ms.</value>
    public int? SlowRequestMs { get; set; } = 1_000;

    /// <summary>The request header that forces one request to keep its profile when its value equals <see cref="OnDemandSecret"/>.</summary>
    /// <value>Default: <c>X-Hotpath-Profile</c>.</value>
    public string OnDemandHeader { get; set; } = "X-Hotpath-Profile";

    /// <summary>
    /// The secret value of <see cref="OnDemandHeader"/> (at least 16 characters; compared in constant time, never stored).
    /// Keep it out of source control (user secrets, environment). Null turns the header off.
    /// </summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? OnDemandSecret { get; set; }

    /// <summary>
    /// Query-string parameters whose values are replaced by <c>[redacted]</c> in request records, in addition to the
    /// defaults (token, key, password, secret, code, api_key, access_token, sig, signature and similar; names ending in
    /// <c>_token</c>, <c>-key</c>… count too). Case-insensitive.
    /// </summary>
    /// <value>Default: empty.</value>
    public IList<string> RedactQueryParameters { get; } = new List<string>();

    /// <summary>
    /// A SQLite database file the error log is also written to, so errors survive restarts; several processes may share
    /// it. Writes happen off the request thread through a bounded queue (<see cref="ErrorStoreQueueCapacity"/>). A file
    /// that cannot be used (corrupt, read-only, locked) is logged and the in-memory log keeps working. Relative paths
    /// are resolved against the content root.
    /// </summary>
    /// <value>Default: <see langword="null"/> (errors are kept in memory only).</value>
    public string? ErrorStore { get; set; }

    /// <summary>The most error groups (exception type + throw site) kept in memory; the least recently seen makes room.</summary>
    /// <value>Default: 200.</value>
    public int MaxErrorGroups { get; set; } = 200;

    /// <summary>The most occurrences kept per error group, in memory and in the store; the group's count goes on.</summary>
    /// <value>Default: 20.</value>
    public int MaxOccurrencesPerGroup { get; set; } = 20;

    /// <summary>How many errors may wait to be written to <see cref="ErrorStore"/>; past it new ones are dropped (and counted).</summary>
    /// <value>Default: 1,000.</value>
    public int ErrorStoreQueueCapacity { get; set; } = 1000;

    /// <summary>
    /// Further request headers whose values the error log never keeps (exact names, case-insensitive). Always redacted:
    /// <c>Authorization</c>, <c>Proxy-Authorization</c>, <c>Cookie</c>, <c>Set-Cookie</c>, <c>X-Api-Key</c> and any name
    /// containing token, secret, password, apikey, auth, session, cookie, credential or signature.
    /// </summary>
    /// <value>Default: empty.</value>
    public IList<string> RedactHeaders { get; set; } = new List<string>();

    /// <summary>Regular expressions (case-insensitive); a header or query parameter whose name matches one is redacted.</summary>
    /// <value>Default: empty.</value>
    public IList<string> RedactPatterns { get; set; } = new List<string>();

    /// <summary>
    /// Record, for each request, the middleware that ran, the time before and after each called next, which one
    /// short-circuited and where an exception passed (<c>{Path}/api/requests/{id}/pipeline</c>). Costs about half a
    /// microsecond per middleware per request (3–7 µs for a typical pipeline, measured: <c>docs/performance.md</c>),
    /// which is why it is a development-time view unless switched on.
    /// </summary>
    /// <value>Default: <see langword="null"/>: on in the Development environment, off elsewhere.</value>
    public bool? PipelineView { get; set; }

    /// <summary>Whether the pipeline view runs in <paramref name="environment"/>: <see cref="PipelineView"/>, or Development when unset.</summary>
    internal bool PipelineViewIn(Microsoft.Extensions.Hosting.IHostEnvironment environment) =>
        PipelineView ?? Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions.IsDevelopment(environment);
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
