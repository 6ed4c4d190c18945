using System.Diagnostics;
using Hotpath.Aggregation;
using Hotpath.Model;
using Hotpath.Requests;
using Hotpath.Sampling;
using Hotpath.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Hosting;

/// <summary>
/// Owns the profiler for the application's lifetime: starts it with the host, reports failures without letting them
/// reach the app, writes the log file on flush and at shutdown, and tracks the discarded first request.
/// </summary>
internal sealed class ProfilerHost : IHostedService, IDisposable
{
    private readonly HotpathOptions _options;
    private readonly IHostEnvironment _environment;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServer? _server;
    private readonly ILogger<ProfilerHost> _logger;
    private readonly object _flushGate = new();
    private string? _readOnlyNote;
    private long _firstRequest;
    private int _firstRequestDone;
    private readonly LoadedProfile? _loaded;

    public ProfilerHost(
        IOptions<HotpathOptions> options,
        IHostEnvironment environment,
        IHostApplicationLifetime lifetime,
        ILogger<ProfilerHost> logger,
        TimeProvider time,
        IServer? server = null,
        LoadedProfile? loaded = null)
    {
        _loaded = loaded;
        _options = options.Value;
        _environment = environment;
        _lifetime = lifetime;
        _logger = logger;
        _server = server;
        var limits = new ProfileLimits(_options.MaxFrames, _options.MaxStacks, _options.MaxProfileMegabytes * 1024L * 1024L);
        Profiler = new SamplingProfiler(
            new SamplingProfilerOptions
            {
                Limits = limits,
                Sampler = _options.Sampler,
                PeriodMs = _options.SamplingIntervalMs,
                Waits = _options.Waits,
                SimulatedPerfRefusal = _options.SimulatedPerfRefusal,
            },
            time);
        Profiler.Failed += ex => Log.RunFailed(_logger, ex);
        Profiler.Accumulator.ConfigureRequests(new RequestStoreOptions(_options.MaxRequests, _options.MaxRequestMegabytes * 1024L * 1024L));
        var keepAll = _options.RequestSampleRate is null && environment.IsDevelopment();
        KeepPolicy = new RequestKeepPolicy(keepAll, _options.SlowRequestMs, _options.RequestSampleRate ?? 0, _options.OnDemandSecret);
        Redactor = new QueryRedactor(_options.RedactQueryParameters);
    }

    /// <summary>Which completed requests keep their own profile.</summary>
    public RequestKeepPolicy KeepPolicy { get; }

    /// <summary>Redacts sensitive query-string values in request records.</summary>
    public QueryRedactor Redactor { get; }

    public SamplingProfiler Profiler { get; }

    public HotpathOptions Options => _options;

    /// <summary>True when a saved profile is served (<see cref="LoadedProfile"/>) instead of the live profiler.</summary>
    public bool IsReadOnly => _loaded is not null;

    /// <summary>A note shown in the UI: that a saved profile is shown read-only, or how the profiler runs (e.g. why the fallback sampler runs); or null.</summary>
    public string? Note => _readOnlyNote ?? Profiler.Sampler.Note;

    /// <summary>The full path of the log file, or null when none is configured.</summary>
    public string? LogFilePath => _options.LogFile is null ? null : Path.GetFullPath(_options.LogFile, _environment.ContentRootPath);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loaded is not null)
        {
            _readOnlyNote = $"Read-only: the profile saved in {_loaded.Source}. Clear and flush do not change it.";
            _lifetime.ApplicationStarted.Register(LogUiAddresses);
            return Task.CompletedTask;
        }

        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        if (Profiler.Start())
        {
            var sampler = Profiler.Sampler;
            Log.Started(_logger, sampler.Kind == SamplerKind.PerfEvent ? "perf_event (kernel CPU clock)" : "EventPipe (duty-cycled)", sampler.IntervalMs);
            if (sampler.Note is { } note)
            {
                Log.SamplerNote(_logger, note);
            }
        }
        else
        {
            Log.StartFailed(_logger, Profiler.StatusMessage ?? "unknown", null);
        }

        _lifetime.ApplicationStarted.Register(LogUiAddresses);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled || _loaded is not null)
        {
            return Task.CompletedTask;
        }

        Profiler.Stop(TimeSpan.FromSeconds(5));
        if (_options.FlushAtShutdown && _options.LogFile is not null)
        {
            Flush();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Writes the accumulated profile to the log file. A profile already there that started at another time (an earlier
    /// run, or this run before a clear) is first renamed to <c>name.{start time}.ext</c>, never replaced.
    /// </summary>
    public FlushResult Flush()
    {
        var path = LogFilePath;
        if (path is null || _loaded is not null)
        {
            return FlushResult.NotConfigured;
        }

        lock (_flushGate)
        {
            try
            {
                var snapshot = Profiler.Snapshot();
                var keptAs = ProfileFile.KeepEarlier(path, snapshot.StartedAt);
                if (keptAs is not null)
                {
                    Log.KeptEarlier(_logger, path, keptAs);
                }

                ProfileFile.Save(snapshot, path);
                Log.Flushed(_logger, snapshot.Totals.ProcessSamples, path);
                return FlushResult.Written(path, keptAs);
            }
            catch (Exception ex)
            {
                Log.FlushFailed(_logger, path, ex);
                return FlushResult.Failed(path, $"Could not write the profile to {path}: {ex.Message}");
            }
        }
    }

    /// <summary>Whether requests are worth marking: the profiler runs, or is about to. Not once it stopped or failed.</summary>
    public bool IsProfiling => Profiler.State is ProfilerState.NotStarted or ProfilerState.Starting or ProfilerState.Running;

    /// <summary>Called as a profiled request starts; returns whether it is the first one (to be discarded).</summary>
    public bool BeginRequest(long requestId) =>
        _options.DiscardFirstRequest && Interlocked.CompareExchange(ref _firstRequest, requestId, 0) == 0;

    /// <summary>Called as a profiled request ends, its record complete.</summary>
    /// <param name="record">The request's record.</param>
    /// <param name="first">Whether it is the discarded first request.</param>
    /// <param name="onDemandValue">The value of the on-demand header, when the request had one.</param>
    public void EndRequest(RequestRecord record, bool first, string? onDemandValue = null)
    {
        if (first && Interlocked.Exchange(ref _firstRequestDone, 1) == 0)
        {
            // repoze.profile's discard_first_request: warm-up (JIT, caches, connection set-up) must not dominate.
            Profiler.Accumulator.Clear(Stopwatch.GetTimestamp(), record.Id);
            return;
        }

        record.KeepReason = KeepPolicy.Decide(record, onDemandValue);
        Profiler.Accumulator.EndRequest(record, record.KeepReason is not null);
    }

    public ProfileSnapshot Snapshot() => _loaded?.Snapshot ?? Profiler.Snapshot();

    public void Dispose() => Profiler.Dispose();

    private void LogUiAddresses()
    {
        var addresses = _server?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null)
        {
            return;
        }

        foreach (var address in addresses)
        {
            Log.UiAddress(_logger, address.TrimEnd('/') + _options.Path + "/");
        }
    }
}
