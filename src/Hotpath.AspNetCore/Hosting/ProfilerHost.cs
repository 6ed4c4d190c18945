using System.Diagnostics;
using Hotpath.Aggregation;
using Hotpath.Model;
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
    private long _firstRequest;
    private int _firstRequestDone;

    public ProfilerHost(
        IOptions<HotpathOptions> options,
        IHostEnvironment environment,
        IHostApplicationLifetime lifetime,
        ILogger<ProfilerHost> logger,
        TimeProvider time,
        IServer? server = null)
    {
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
                SimulatedPerfRefusal = _options.SimulatedPerfRefusal,
            },
            time);
        Profiler.Failed += ex => Log.RunFailed(_logger, ex);
    }

    public SamplingProfiler Profiler { get; }

    public HotpathOptions Options => _options;

    /// <summary>A note about how the profiler runs, shown in the UI (e.g. why the fallback sampler runs), or null.</summary>
    public string? Note => Profiler.Sampler.Note;

    /// <summary>The full path of the log file, or null when none is configured.</summary>
    public string? LogFilePath => _options.LogFile is null ? null : Path.GetFullPath(_options.LogFile, _environment.ContentRootPath);

    public Task StartAsync(CancellationToken cancellationToken)
    {
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
        if (!_options.Enabled)
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

    /// <summary>Writes the accumulated profile to the log file; returns the path written, or null when none is configured or it failed.</summary>
    public string? Flush()
    {
        var path = LogFilePath;
        if (path is null)
        {
            return null;
        }

        lock (_flushGate)
        {
            try
            {
                var snapshot = Profiler.Snapshot();
                ProfileFile.Save(snapshot, path);
                Log.Flushed(_logger, snapshot.Totals.ProcessSamples, path);
                return path;
            }
            catch (Exception ex)
            {
                Log.FlushFailed(_logger, path, ex);
                return null;
            }
        }
    }

    /// <summary>Called as a profiled request starts; returns whether it is the first one (to be discarded).</summary>
    public bool BeginRequest(long requestId) =>
        _options.DiscardFirstRequest && Interlocked.CompareExchange(ref _firstRequest, requestId, 0) == 0;

    /// <summary>Called as a profiled request ends.</summary>
    public void EndRequest(long requestId, bool first)
    {
        if (first && Interlocked.Exchange(ref _firstRequestDone, 1) == 0)
        {
            // repoze.profile's discard_first_request: warm-up (JIT, caches, connection set-up) must not dominate.
            Profiler.Accumulator.Clear(Stopwatch.GetTimestamp(), requestId);
            return;
        }

        Profiler.Accumulator.NoteRequest();
    }

    public ProfileSnapshot Snapshot() => Profiler.Snapshot();

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
