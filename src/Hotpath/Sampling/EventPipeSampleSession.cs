using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.EventPipe;

namespace Hotpath.Sampling;

/// <summary>
/// The fallback sampler: a second EventPipe session holding only the runtime's SampleProfiler, started and stopped in
/// a duty cycle. The runtime's sampler suspends every thread at each tick, which at its default 1 ms costs ~10% of
/// throughput; it is reference-counted, so this session can come and go while the method-event session stays. On for
/// <c>OnFraction</c> of each cycle: 1 ms sampling on 10% of the time gives about one sample per 10 ms of wall time.
/// </summary>
internal sealed class EventPipeSampleSession
{
    private const string SampleProfilerProvider = "Microsoft-DotNETCore-SampleProfiler";

    private readonly DiagnosticsClient _client;
    private readonly TimeSpan _on;
    private readonly TimeSpan _off;
    private readonly ConcurrentQueue<RawSample> _queue;
    private readonly ManualResetEventSlim _stopped = new();
    private readonly ulong[] _stack = new ulong[StackSymbolizer.MaxDepth];
    private volatile EventPipeSession? _session;

    public EventPipeSampleSession(DiagnosticsClient client, double onFraction, TimeSpan cycle, ConcurrentQueue<RawSample> queue)
    {
        _client = client;
        var fraction = Math.Clamp(onFraction, 0.01, 1.0);
        _on = cycle * fraction;
        _off = fraction >= 1.0 ? TimeSpan.Zero : cycle - _on;
        _queue = queue;
    }

    /// <summary>The share of time the runtime's sampler runs.</summary>
    public double OnFraction => _on / (_on + _off);

    public int OsThreadId { get; private set; } = -1;

    /// <summary>Cycles completed.</summary>
    public int Cycles { get; private set; }

    /// <summary>The thread's body: sampling windows until stopped. Throws when a window's session cannot start.</summary>
    public void Run()
    {
        OsThreadId = OsThread.IsSupported ? OsThread.CurrentId : -1;
        while (!_stopped.IsSet)
        {
            var session = _client.StartEventPipeSession(
                [new EventPipeProvider(SampleProfilerProvider, EventLevel.Informational)],
                requestRundown: false,
                circularBufferMB: 16);
            _session = session;
            using var timer = _off == TimeSpan.Zero ? null : new Timer(static s => SessionStop.Within((EventPipeSession)s!, TimeSpan.FromSeconds(2)), session, _on, Timeout.InfiniteTimeSpan);
            try
            {
                using var source = new EventPipeEventSource(session.EventStream);
                var samples = new SampleProfilerTraceEventParser(source);
                samples.ThreadSample += OnSample;
                source.Process();
            }
            finally
            {
                _session = null;
                session.Dispose();
            }

            Cycles++;
            _stopped.Wait(_off);
        }
    }

    private void OnSample(ClrThreadSampleTraceData data)
    {
#pragma warning disable CS0618 // the raw QPC value is the clock RequestTracker stamps with (Stopwatch ticks)
        var timestamp = data.TimeStampQPC;
#pragma warning restore CS0618
        var n = EventPipeStack.Read(data, _stack);
        var managed = data.Type == ClrThreadSampleType.Managed;
        _queue.Enqueue(new RawSample(timestamp, data.ThreadID, n == 0 ? [] : _stack.AsSpan(0, n).ToArray(), Model.ProfileMeasure.Cpu, 1, managed, true));
    }

    /// <summary>Ends the current window and the cycle.</summary>
    public void Stop(TimeSpan deadline)
    {
        _stopped.Set();
        var session = _session;
        if (session is not null && !SessionStop.Within(session, deadline))
        {
            session.Dispose();
        }
    }
}
