using System.Collections.Concurrent;
using Hotpath.Model;
using Hotpath.Sampling.Perf;
using Microsoft.Diagnostics.NETCore.Client;

namespace Hotpath.Sampling;

/// <summary>
/// An in-process sampling profiler. On-CPU samples come from the kernel (<c>perf_event_open</c> CPU-clock events per
/// thread) where it allows it, else from the runtime's EventPipe sampler, duty-cycled; code is named from a separate
/// EventPipe session that carries only the runtime's method and loader events. Everything is read and counted on
/// Hotpath's own threads into a bounded <see cref="ProfileAccumulator"/>. Failure to start or to run never throws into
/// the application: it moves to <see cref="ProfilerState.Failed"/> with a message that says why.
/// </summary>
internal sealed class SamplingProfiler : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly long PruneEveryMs = 60_000;

    private readonly SamplingProfilerOptions _options;
    private readonly object _lifecycle = new();
    private readonly StackSymbolizer _symbolizer = new();
    private readonly ConcurrentQueue<RawSample> _eventPipeSamples = new();
    private ManualResetEventSlim _stop = new();
    private MethodEventSession? _methods;
    private PerfEventSampler? _perf;
    private EventPipeSampleSession? _eventPipe;
    private DiagnosticsClient? _client;
    private Thread? _samplerThread, _methodThread, _eventPipeThread;
    private volatile bool _stopping;
    private volatile ProfilerState _state = ProfilerState.NotStarted;
    private volatile string? _message;
    private volatile SamplerStatus _status;

    public SamplingProfiler(SamplingProfilerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Accumulator = new ProfileAccumulator(options.Limits, time, options.PeriodMs);
        _status = new SamplerStatus(SamplerKind.Auto, options.PeriodMs, false, null, 0, null, 0, 1);
    }

    public ProfilerState State => _state;

    /// <summary>Why the profiler is not running, or a note on how it runs; null when there is nothing to say.</summary>
    public string? StatusMessage => _message;

    /// <summary>Which sampler runs, at what interval, and what it cannot do.</summary>
    public SamplerStatus Sampler => _status;

    /// <summary>The interval samples are taken at, in milliseconds (the perf period, or the runtime's EventPipe interval).</summary>
    public double ConfiguredIntervalMs => Accumulator.ConfiguredIntervalMs;

    public ProfileAccumulator Accumulator { get; }

    /// <summary>Fires once when the profiler fails while running (a failure to start is reported by <see cref="Start"/>).</summary>
    public event Action<Exception>? Failed;

    /// <summary>Starts the sessions and threads. Returns false (state Failed) when profiling cannot start.</summary>
    public bool Start()
    {
        lock (_lifecycle)
        {
            if (_state is ProfilerState.Starting or ProfilerState.Running)
            {
                return true;
            }

            _stopping = false;
            _stop = new ManualResetEventSlim();
            _state = ProfilerState.Starting;
            _message = null;
            try
            {
                _client = new DiagnosticsClient(_options.ProcessId);
                _methods = new MethodEventSession(_client, _options.BufferMegabytes);
                _methods.Start();
                if (!ChooseSampler(out var failure))
                {
                    _methods.Stop(TimeSpan.FromSeconds(2));
                    _methods = null;
                    _message = failure;
                    _state = ProfilerState.Failed;
                    return false;
                }

                // Hotpath's threads must not inherit the caller's execution context: if a request started us, its
                // request mark would flow here and Hotpath's own work would be charged to that request.
                using (ExecutionContext.SuppressFlow())
                {
                    var methods = _methods;
                    _methodThread = StartThread("Hotpath method events", () => methods.Run(ex => Fail(ex, "Hotpath stopped profiling after an error while reading method events: " + ex.Message)));
                    _samplerThread = StartThread("Hotpath sampler", SamplerLoop);
                    if (_eventPipe is { } eventPipe)
                    {
                        _eventPipeThread = StartThread("Hotpath EventPipe samples", () => RunEventPipe(eventPipe));
                    }
                }

                return true;
            }
            catch (Exception ex)
            {
                _methods?.Stop(TimeSpan.FromSeconds(1));
                _methods = null;
                _perf?.Dispose();
                _perf = null;
                _message = Explain(ex);
                _state = ProfilerState.Failed;
                return false;
            }
        }
    }

    private bool ChooseSampler(out string? failure)
    {
        failure = null;
        string? refusal = null;
        if (_options.Sampler != SamplerKind.EventPipe)
        {
            var settings = new PerfEventSettings((long)(_options.PeriodMs * 1e6), _options.Jitter, _options.Waits);
            refusal = _options.SimulatedPerfRefusal ?? PerfEventSampler.Probe(settings);
            if (refusal is null)
            {
                var perf = new PerfEventSampler(settings);
                try
                {
                    perf.Start();
                    _perf = perf;
                    Accumulator.ConfiguredIntervalMs = _options.PeriodMs;
                    var note = perf.WaitsAvailable || !_options.Waits ? null
                        : "Waits are not measured: the kernel allows the context-switch event only with kernel.perf_event_paranoid ≤ 1 or CAP_PERFMON.";
                    _status = new SamplerStatus(SamplerKind.PerfEvent, _options.PeriodMs, perf.WaitsAvailable, note, perf.ThreadCount, null, 0, 1);
                    return true;
                }
                catch (InvalidOperationException ex)
                {
                    perf.Dispose();
                    refusal = ex.Message;
                }
            }

            if (_options.Sampler == SamplerKind.PerfEvent)
            {
                failure = "Hotpath:Sampler is PerfEvent but " + refusal + ". Set Hotpath:Sampler to Auto to fall back to EventPipe.";
                return false;
            }
        }

        if (!EventPipeStack.IsAvailable)
        {
            failure = "the EventPipe sampler cannot read stacks with this TraceEvent version" + (refusal is null ? "." : ", and " + refusal + ".");
            return false;
        }

        // The runtime samples at its start-up interval (1 ms unless DOTNET_EventPipeThreadSamplingRate says otherwise);
        // run it a tenth of the time at 1 ms, so a sample stands for about 10 ms of wall time either way.
        var runtimeMs = SamplingRate.CurrentMs;
        var fraction = Math.Min(1.0, runtimeMs / 10.0);
        _eventPipe = new EventPipeSampleSession(_client!, fraction, _options.EventPipeCycle, _eventPipeSamples);
        Accumulator.ConfiguredIntervalMs = runtimeMs / fraction;
        var why = refusal is null
            ? "EventPipe sampler (Hotpath:Sampler = EventPipe)"
            : "EventPipe sampler, because " + refusal;
        _status = new SamplerStatus(SamplerKind.EventPipe, runtimeMs, false,
            why + $": samples are taken at GC safe points, every {runtimeMs} ms for {fraction:P0} of the time; CPU shares can be off by tens of points on request loops, and waits are not measured.",
            0, null, 0, fraction, refusal is not null);
        return true;
    }

    private static Thread StartThread(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    private void RunEventPipe(EventPipeSampleSession session)
    {
        try
        {
            session.Run();
        }
        catch (Exception ex) when (!_stopping)
        {
            Fail(ex, "Hotpath stopped profiling: the EventPipe sampler's session failed: " + ex.Message);
        }
        catch (Exception)
        {
            // Torn down.
        }
    }

    private void SamplerLoop()
    {
        var ingest = new SampleIngest(Accumulator, _symbolizer, _options.SymbolDelay, Accumulator.ConfiguredIntervalMs);
        lock (Accumulator.Gate)
        {
            Accumulator.OwnThreadId = OsThread.IsSupported ? OsThread.CurrentId : -1;
        }

        if (!_stopping)
        {
            _state = ProfilerState.Running;
        }

        var lastSlow = Environment.TickCount64;
        var lastPrune = lastSlow;
        while (true)
        {
            try
            {
                while (!_stop.Wait(PollInterval))
                {
                    Cycle(ingest, final: false);
                    var now = Environment.TickCount64;
                    if (now - lastSlow >= 1000)
                    {
                        lastSlow = now;
                        UpdateStatus(ingest);
                    }

                    if (now - lastPrune >= PruneEveryMs)
                    {
                        // Threads that exit leave their switch log behind; forget logs that saw no switch for a while.
                        lastPrune = now;
                        RequestTracker.PruneIdle(System.Diagnostics.Stopwatch.GetTimestamp() - (System.Diagnostics.Stopwatch.Frequency * 60));
                    }
                }

                Cycle(ingest, final: true);
                break;
            }
            catch (Exception ex) when (!_stopping && _perf is not null && _options.Sampler == SamplerKind.Auto)
            {
                // The kernel sampler failed after it started: carry on with the EventPipe sampler rather than stop.
                FallBack("the kernel sampler failed while running (" + ex.GetType().Name + ": " + ex.Message + ")");
            }
            catch (Exception ex) when (!_stopping)
            {
                Fail(ex, "Hotpath stopped profiling after an error while reading samples: " + ex.Message);
                break;
            }
        }

        _perf?.Dispose();
    }

    private void FallBack(string reason)
    {
        lock (_lifecycle)
        {
            _perf?.Dispose();
            _perf = null;
            if (_stopping || _client is null)
            {
                return;
            }

            var runtimeMs = SamplingRate.CurrentMs;
            var fraction = Math.Min(1.0, runtimeMs / 10.0);
            var eventPipe = new EventPipeSampleSession(_client, fraction, _options.EventPipeCycle, _eventPipeSamples);
            _eventPipe = eventPipe;
            _status = new SamplerStatus(SamplerKind.EventPipe, runtimeMs, false, "EventPipe sampler, because " + reason + ".", 0, null, 0, fraction, true);
            using (ExecutionContext.SuppressFlow())
            {
                _eventPipeThread = StartThread("Hotpath EventPipe samples", () => RunEventPipe(eventPipe));
            }
        }
    }

    private void Cycle(SampleIngest ingest, bool final)
    {
        var methods = _methods;
        if (methods is not null)
        {
            lock (Accumulator.Gate)
            {
                Accumulator.AddOwnThread(methods.OsThreadId);
                Accumulator.AddOwnThread(_eventPipe?.OsThreadId ?? -1);
            }

            while (methods.Events.TryDequeue(out var e))
            {
                e.ApplyTo(_symbolizer);
            }
        }

        if (final)
        {
            _perf?.Stop(ingest);
        }
        else
        {
            _perf?.Poll(ingest);
        }

        ingest.AddFrom(_eventPipeSamples);
        if (final || methods is null || methods.RundownDone)
        {
            ingest.Process(final);
        }
    }

    private void UpdateStatus(SampleIngest ingest)
    {
        if (_perf is not { } perf)
        {
            return;
        }

        // Each kept sample stands for one period of CPU time, plus its share of the samples the kernel dropped.
        if (ingest.CpuSamples > 50)
        {
            Accumulator.MeasuredIntervalMs = _options.PeriodMs * (ingest.CpuSamples + ingest.Lost) / ingest.CpuSamples;
        }

        _status = _status with { Threads = perf.ThreadCount, CoveredCpuShare = perf.CoveredCpuShare(), LostRecords = ingest.Lost };
    }

    /// <summary>Stops the sessions and waits (bounded) for Hotpath's threads to finish.</summary>
    public void Stop(TimeSpan? wait = null)
    {
        lock (_lifecycle)
        {
            _stopping = true;
            var deadline = wait ?? TimeSpan.FromSeconds(5);
            _eventPipe?.Stop(deadline / 4);
            _methods?.Stop(deadline / 4);
            _eventPipeThread?.Join(deadline / 4);
            _methodThread?.Join(deadline / 4);
            _stop.Set();
            var finished = _samplerThread?.Join(deadline / 4) ?? true;
            if (finished)
            {
                // Only once the sampler thread is gone: it is the symbols' sole user.
                _symbolizer.ReleaseFiles();
                _perf?.Dispose();
            }

            _perf = null;
            _eventPipe = null;
            _methods = null;
            _samplerThread = _methodThread = _eventPipeThread = null;
            if (_state != ProfilerState.Failed)
            {
                _state = ProfilerState.Stopped;
            }
        }
    }

    public ProfileSnapshot Snapshot() => Accumulator.Snapshot();

    /// <summary>Forgets everything accumulated so far.</summary>
    public void Clear() => Accumulator.Clear(System.Diagnostics.Stopwatch.GetTimestamp());

    public void Dispose() => Stop(TimeSpan.FromSeconds(2));

    private void Fail(Exception ex, string message)
    {
        _message = message;
        _state = ProfilerState.Failed;
        Failed?.Invoke(ex);
    }

    private static string Explain(Exception ex) => ex switch
    {
        ServerNotAvailableException =>
            "the runtime's diagnostics server is not available (is DOTNET_EnableDiagnostics=0 set?). The application keeps running without profiling. " + ex.Message,
        UnsupportedCommandException => "the runtime refused the EventPipe session: " + ex.Message,
        _ => "the EventPipe session could not start: " + ex.Message,
    };
}
