namespace Hotpath.AspNetCore;

/// <summary>
/// Pushes the profile to a Grafana Pyroscope server (its HTTP <c>/ingest</c> endpoint, pprof format) every interval.
/// Bound from the configuration section <c>Hotpath:Pyroscope</c>; off while <see cref="ServerUrl"/> is unset.
/// </summary>
public sealed class PyroscopeOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Hotpath:Pyroscope";

    /// <summary>The server's base URL, e.g. <c>http://pyroscope:4040</c>; profiles go to <c>{ServerUrl}/ingest</c>.</summary>
    /// <value>Default: <see langword="null"/> (no pushing).</value>
    public string? ServerUrl { get; set; }

    /// <summary>The application name Pyroscope files the profiles under.</summary>
    /// <value>Default: <see langword="null"/>: the host's application name.</value>
    public string? ApplicationName { get; set; }

    /// <summary>Labels added to every profile (<c>env</c>, <c>region</c>, …): letters, digits, '_' and '.', values without '{', '}', ',' or '='.</summary>
    /// <value>Default: none.</value>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>Seconds between pushes; each push holds the samples taken since the previous one.</summary>
    /// <value>Default: 15.</value>
    public double IntervalSeconds { get; set; } = 15;

    /// <summary>Which samples to push: <c>process</c> (everything the process ran) or <c>requests</c>.</summary>
    /// <value>Default: <c>process</c>.</value>
    public string Scope { get; set; } = "process";

    /// <summary>Sent as <c>Authorization: Bearer …</c> (Grafana Cloud, an authenticating proxy).</summary>
    /// <value>Default: none.</value>
    public string? AuthToken { get; set; }

    /// <summary>With <see cref="BasicAuthPassword"/>: sent as <c>Authorization: Basic …</c> instead of a bearer token.</summary>
    /// <value>Default: none.</value>
    public string? BasicAuthUser { get; set; }

    /// <summary>The password for <see cref="BasicAuthUser"/>.</summary>
    /// <value>Default: none.</value>
    public string? BasicAuthPassword { get; set; }

    /// <summary>Sent as <c>X-Scope-OrgID</c>, the tenant of a multi-tenant Pyroscope.</summary>
    /// <value>Default: none.</value>
    public string? TenantId { get; set; }

    /// <summary>Profiles waiting to be sent; when full the oldest is dropped (and counted).</summary>
    /// <value>Default: 8.</value>
    public int MaxQueue { get; set; } = 8;

    /// <summary>Retries of a failed push (network error, 429 or 5xx), with exponential backoff and jitter.</summary>
    /// <value>Default: 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Seconds one HTTP attempt may take.</summary>
    /// <value>Default: 10.</value>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>The first retry's delay in seconds; it doubles per retry (at most 30 s), randomised by up to half.</summary>
    /// <value>Default: 1.</value>
    public double RetryDelaySeconds { get; set; } = 1;
}
