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
}
