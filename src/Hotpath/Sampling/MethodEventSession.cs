using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Hotpath.Symbols;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Hotpath.Sampling;

/// <summary>
/// The EventPipe session that names code, and nothing else: the runtime's JIT, loader and ReadyToRun entry-point
/// events (no SampleProfiler provider, so the runtime never suspends threads for it), plus a one-off rundown of the
/// methods and modules that existed before it started. Read with a plain <see cref="EventPipeEventSource"/> (no
/// TraceLog: nothing is retained beyond the symbol tables). Events are queued for the sampler thread.
/// </summary>
internal sealed class MethodEventSession
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";

    private readonly DiagnosticsClient _client;
    private readonly int _bufferMegabytes;
    private EventPipeSession? _session;
    private volatile bool _stopping;

    public MethodEventSession(DiagnosticsClient client, int bufferMegabytes)
    {
        _client = client;
        _bufferMegabytes = bufferMegabytes;
    }

    public ConcurrentQueue<SymbolEvent> Events { get; } = new();

    /// <summary>Set once the rundown of earlier methods was queued (or failed): samples can be named from then on.</summary>
    public bool RundownDone { get; private set; }

    /// <summary>Milliseconds the rundown took.</summary>
    public long RundownMs { get; private set; }

    public int OsThreadId { get; private set; } = -1;

    /// <summary>Starts the session; throws what the diagnostics client throws when it cannot.</summary>
    public void Start()
    {
        var keywords = ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.CompilationDiagnostic
            | ClrTraceEventParser.Keywords.JittedMethodILToNativeMap; // sampled lines: native offset -> IL offset
        _session = _client.StartEventPipeSession(
            [new EventPipeProvider(RuntimeProvider, EventLevel.Verbose, (long)keywords)],
            requestRundown: false,
            circularBufferMB: _bufferMegabytes);
    }

    /// <summary>The event thread's body: the rundown, then the live stream until the session stops.</summary>
    public void Run(Action<Exception> fail)
    {
        OsThreadId = OsThread.IsSupported ? OsThread.CurrentId : -1;
        var started = Environment.TickCount64;
        try
        {
            Rundown();
        }
        catch (Exception ex) when (!_stopping)
        {
            // Without a rundown, methods compiled earlier stay unnamed; the live stream still names everything new.
            _ = ex;
        }
        catch (Exception)
        {
            // Torn down while running down.
        }
        finally
        {
            RundownMs = Environment.TickCount64 - started;
            RundownDone = true;
        }

        var session = _session;
        if (session is null || _stopping)
        {
            return;
        }

        try
        {
            using var source = new EventPipeEventSource(session.EventStream);
            Subscribe(source.Clr);
            source.Process();
        }
        catch (Exception ex) when (!_stopping)
        {
            fail(ex);
        }
        catch (Exception)
        {
            // Errors while the session is being torn down carry no information.
        }
    }

    private void Rundown()
    {
        // A session asked for a rundown writes DCStop events for every loaded method and module when it stops.
        using var session = _client.StartEventPipeSession(
            [new EventPipeProvider(RuntimeProvider, EventLevel.Informational, 0)],
            requestRundown: true,
            circularBufferMB: 64);
        var stop = new Thread(() =>
        {
            try
            {
                session.Stop();
            }
            catch (Exception)
            {
                // Already gone.
            }
        })
        { IsBackground = true, Name = "Hotpath rundown stop" };
        stop.UnsafeStart();
        using var source = new EventPipeEventSource(session.EventStream);
        var rundown = new ClrRundownTraceEventParser(source);
        rundown.MethodDCStopVerbose += OnMethod;
        rundown.LoaderModuleDCStop += OnModule;
        // Sampled lines map JIT code to its module by id: modules loaded before the session come from the rundown.
        rundown.LoaderModuleDCStop += d => Lines.SampledLines.AddModule(d.ModuleID, d.ModuleILPath);
        source.Process();
        stop.Join(TimeSpan.FromSeconds(2));
    }

    private void Subscribe(ClrTraceEventParser clr)
    {
        clr.MethodLoadVerbose += OnMethod;
        clr.LoaderModuleLoad += OnModule;
        Lines.SampledLines.Attach(clr);
        clr.MethodR2RGetEntryPoint += data =>
            Events.Enqueue(new SymbolEvent(null, 0, null, (ulong)data.EntryPoint, MethodNames.Format(data.MethodNamespace, data.MethodName, data.MethodSignature)));
    }

    private void OnMethod(MethodLoadUnloadVerboseTraceData data) =>
        Events.Enqueue(new SymbolEvent(
            new JitMethod(data.MethodStartAddress, (uint)data.MethodSize, MethodNames.Format(data.MethodNamespace, data.MethodName, data.MethodSignature), (ulong)data.ModuleID, data.MethodToken),
            0, null, 0, null));

    private void OnModule(ModuleLoadUnloadTraceData data) =>
        Events.Enqueue(new SymbolEvent(null, (ulong)data.ModuleID, data.ModuleILPath, 0, null));

    /// <summary>Stops the session within <paramref name="deadline"/>; closes its stream if the runtime does not let go.</summary>
    public void Stop(TimeSpan deadline)
    {
        _stopping = true;
        var session = _session;
        _session = null;
        if (session is null)
        {
            return;
        }

        if (!SessionStop.Within(session, deadline))
        {
            // Stop() returns only once the stream was read to its end; if our reader is stalled it never returns.
            // Closing the stream makes the runtime's write fail, which ends the session.
            session.Dispose();
        }

        session.Dispose();
    }
}
