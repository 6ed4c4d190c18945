using System.Diagnostics;
using System.Diagnostics.Tracing;
using Hotpath.Model;
using Hotpath.Symbols;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Hotpath.Sampling;

/// <summary>
/// An in-process sampling CPU profiler: a self-attached EventPipe session (sample profiler + runtime method events),
/// read live through TraceLog on a dedicated thread, aggregated into a bounded <see cref="ProfileAccumulator"/>.
/// Failure to start or to run never throws into the application: it moves to <see cref="ProfilerState.Failed"/> with a
/// message that says why.
/// </summary>
internal sealed class SamplingProfiler : IDisposable
{
    private const string SampleProfilerProvider = "Microsoft-DotNETCore-SampleProfiler";
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";

    private static readonly FrameInfo NoStackFrame = new("[no stack]", string.Empty);

    private static readonly long PruneEvery = Stopwatch.Frequency * 60;

    private readonly SamplingProfilerOptions _options;
    private readonly object _lifecycle = new();
    private readonly StackSymbolizer _symbolizer = new();
    private EventPipeSession? _session;
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile ProfilerState _state = ProfilerState.NotStarted;
    private volatile string? _message;
    private long _lastPrune;

    public SamplingProfiler(SamplingProfilerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        ConfiguredIntervalMs = SamplingRate.CurrentMs;
        Accumulator = new ProfileAccumulator(options.Limits, time, ConfiguredIntervalMs);
    }

    public ProfilerState State => _state;

    /// <summary>Why the profiler is not running, or a note on how it runs; null when there is nothing to say.</summary>
    public string? StatusMessage => _message;

    /// <summary>The interval the runtime was started with (from DOTNET_EventPipeThreadSamplingRate), in milliseconds.</summary>
    public int ConfiguredIntervalMs { get; }

    public ProfileAccumulator Accumulator { get; }

    /// <summary>Fires once when the profiler fails while running (a failure to start is reported by <see cref="Start"/>).</summary>
    public event Action<Exception>? Failed;

    /// <summary>Starts the session and the event thread. Returns false (state Failed) when the session cannot start.</summary>
    public bool Start()
    {
        lock (_lifecycle)
        {
            if (_state is ProfilerState.Starting or ProfilerState.Running)
            {
                return true;
            }

            _stopping = false;
            _state = ProfilerState.Starting;
            try
            {
                var client = new DiagnosticsClient(_options.ProcessId);
                var keywords = ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.Loader
                    | ClrTraceEventParser.Keywords.JittedMethodILToNativeMap | ClrTraceEventParser.Keywords.CompilationDiagnostic;
                var providers = new[]
                {
                    new EventPipeProvider(SampleProfilerProvider, EventLevel.Informational),
                    new EventPipeProvider(RuntimeProvider, EventLevel.Verbose, (long)keywords),
                };
                _session = client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: _options.BufferMegabytes);

                // The event thread must not inherit the caller's execution context: if a request started us, its
                // request mark would flow here and Hotpath's own work would be charged to that request.
                using (ExecutionContext.SuppressFlow())
                {
                    _thread = new Thread(() => Run(client, _session)) { IsBackground = true, Name = "Hotpath event processing" };
                    _thread.Start();
                }

                return true;
            }
            catch (Exception ex)
            {
                // Reported to the caller through the return value and StatusMessage; Failed is for failures later on.
                _message = Explain(ex);
                _state = ProfilerState.Failed;
                return false;
            }
        }
    }

    /// <summary>Stops the session and waits (bounded) for the event thread to finish.</summary>
    public void Stop(TimeSpan? wait = null)
    {
        lock (_lifecycle)
        {
            _stopping = true;
            var deadline = wait ?? TimeSpan.FromSeconds(5);
            var session = _session;
            if (session is not null && !StopWithin(session, deadline / 2))
            {
                // Stop() returns only once every buffered event was written to the session's stream, and only our own
                // event thread reads that stream; if it is not reading (still in the rundown, or stalled) Stop() never
                // returns. Closing the stream makes the runtime's write fail, which ends the session.
                session.Dispose();
            }

            var finished = _thread?.Join(deadline / 2) ?? true;
            if (finished)
            {
                // Only once the event thread is gone: it is the symbols' sole user.
                _symbolizer.ReleaseFiles();
            }

            _session?.Dispose();
            _session = null;
            _thread = null;
            if (_state != ProfilerState.Failed)
            {
                _state = ProfilerState.Stopped;
            }
        }
    }

    public ProfileSnapshot Snapshot() => Accumulator.Snapshot();

    private static bool StopWithin(EventPipeSession session, TimeSpan timeout)
    {
        var stop = new Thread(() =>
        {
            try
            {
                session.Stop();
            }
            catch (Exception)
            {
                // Already gone (process shutting down, runtime refused, stream closed): nothing left to stop.
            }
        })
        { IsBackground = true, Name = "Hotpath session stop" };
        stop.UnsafeStart();
        return stop.Join(timeout);
    }

    /// <summary>Forgets everything accumulated so far.</summary>
    public void Clear() => Accumulator.Clear(Stopwatch.GetTimestamp());

    public void Dispose() => Stop(TimeSpan.FromSeconds(2));

    private void Run(DiagnosticsClient client, EventPipeSession session)
    {
        Accumulator.OwnThreadId = OsThread.IsSupported ? OsThread.CurrentId : -1;
        try
        {
            using var source = TraceLog.CreateFromEventPipeSession(session, TraceLog.EventPipeRundownConfiguration.Enable(client));
            var log = source.TraceLog;
            var samples = new SampleProfilerTraceEventParser(source);
            samples.ThreadSample += data => OnSample(log, data);
            source.Clr.MethodR2RGetEntryPoint += OnReadyToRunEntryPoint;
            Lines.SampledLines.Attach(source.Clr);
            if (!_stopping)
            {
                _state = ProfilerState.Running;
            }

            source.Process();
        }
        catch (Exception ex) when (!_stopping)
        {
            Fail(ex, "Hotpath stopped profiling after an error while reading events: " + ex.Message);
        }
        catch (Exception)
        {
            // Errors while the session is being torn down are expected and carry no information.
        }
    }

    private void OnSample(TraceLog log, ClrThreadSampleTraceData data)
    {
        // The raw QPC value is the clock RequestTracker stamps with (Stopwatch ticks): "discouraged", but exactly right here.
#pragma warning disable CS0618
        var timestamp = data.TimeStampQPC;
#pragma warning restore CS0618
        var thread = data.ThreadID;
        var managed = data.Type == ClrThreadSampleType.Managed;
        var request = managed ? RequestTracker.Lookup(thread, timestamp) : 0;
        var accumulator = Accumulator;
        lock (accumulator.Gate)
        {
            if (!accumulator.TryAdmit(timestamp, thread, managed, request, out var inRequest))
            {
                return;
            }

            var stack = data.CallStackIndex();
            if (stack == CallStackIndex.Invalid)
            {
                // Counted where every view shows it, rather than on the root where no function would carry it.
                var aggregator = accumulator.Aggregator;
                aggregator.AddSample(aggregator.Intern([aggregator.InternFrame(NoStackFrame)]), inRequest);
                return;
            }

            accumulator.Aggregator.AddSample(_symbolizer.NodeFor(log, stack, accumulator), inRequest);
            Lines.SampledLines.RecordStack(log, stack);
        }

        // Threads that exit leave their switch log behind; forget logs that saw no switch for a while.
        if (timestamp - _lastPrune > PruneEvery)
        {
            _lastPrune = timestamp;
            RequestTracker.PruneIdle(timestamp - PruneEvery);
        }

        // TraceLog interns every distinct stack forever; trimming (allowed only here, on the dispatch thread) bounds it.
        if (_symbolizer.CachedStacks >= _options.TrimAfterStacks)
        {
            log.TrimLiveSessionState();
            _symbolizer.ForgetStacks();
        }
    }

    private void OnReadyToRunEntryPoint(R2RGetEntryPointTraceData data)
    {
        var name = MethodNames.Format(data.MethodNamespace, data.MethodName, data.MethodSignature);
        lock (Accumulator.Gate)
        {
            _symbolizer.ReadyToRun.Add((ulong)data.EntryPoint, name);
        }
    }

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
