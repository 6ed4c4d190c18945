using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Hotpath.Sampling;

namespace Hotpath.Benchmarks;

/// <summary>
/// Request attribution: the per-thread switch log (written on every execution-context switch that changes the current
/// request, read once per sample) and the end-to-end cost of <see cref="RequestTracker.Enter"/> on an async flow.
/// </summary>
[MemoryDiagnoser]
public class ThreadRequestLogBenchmarks
{
    private const int Operations = 1_024;

    private ThreadRequestLog _log = null!;
    private long[] _probes = null!;
    private long _clock;

    [GlobalSetup]
    public void Setup()
    {
        // The size RequestTracker uses, wrapped several times, as on a busy thread.
        _log = new ThreadRequestLog(8_192);
        for (var i = 0; i < 40_000; i++)
        {
            _log.Append(++_clock * 100, i % 3 == 0 ? 0 : i);
        }

        var random = new Random(3);
        var newest = _clock * 100;
        _probes = Enumerable.Range(0, Operations).Select(_ => newest - random.Next(0, 8_000 * 100)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void Append()
    {
        for (var i = 0; i < Operations; i++)
        {
            _log.Append(++_clock * 100, i);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long Lookup()
    {
        long sum = 0;
        foreach (var t in _probes)
        {
            sum += _log.Lookup(t);
        }

        return sum;
    }

    /// <summary>What the event thread does per sample: find the thread's log, then search it.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long RequestTracker_Lookup()
    {
        var thread = OsThread.CurrentId;
        var now = Stopwatch.GetTimestamp();
        long sum = 0;
        for (var i = 0; i < Operations; i++)
        {
            sum += RequestTracker.Lookup(thread, now - i);
        }

        return sum;
    }

    [GlobalSetup(Target = nameof(RequestTracker_Lookup))]
    public void SetupTracker()
    {
        Setup();

        // Give this thread a switch log with some history.
        for (var i = 0; i < 100; i++)
        {
            RequestTracker.Enter(RequestTracker.NextId());
        }

        RequestTracker.Exit();
    }
}

/// <summary>
/// The attribution cost on an async request flow. A request's work resumes after each <c>await</c> under the request's
/// execution context and the thread returns to the default context afterwards; with a mark set, each of those switches
/// runs the <see cref="AsyncLocal{T}"/> change callback that logs (timestamp, request) for the thread.
/// The <c>Switches_*</c> flows resume three awaits by hand on one thread (the same context switches as a thread hop,
/// without thread-pool scheduling noise); the <c>ThreadHop_*</c> flows really hop threads with <c>Task.Yield</c>.
/// </summary>
[MemoryDiagnoser]
public class RequestTrackerBenchmarks
{
    private const int Awaits = 3;

    private static readonly AsyncLocal<object?> Plain = new();

    private readonly ManualAwaitable _resume = new();

    [Benchmark(Baseline = true)]
    public long Switches_NoMark() => Drive(Flow(mark: 0));

    /// <summary>An ordinary ambient value (what any AsyncLocal-based context, e.g. a logging scope, costs).</summary>
    [Benchmark]
    public long Switches_PlainAsyncLocal() => Drive(Flow(mark: 1));

    /// <summary>Hotpath's mark: <see cref="RequestTracker.Enter"/> and the logged switches.</summary>
    [Benchmark]
    public long Switches_RequestTrackerEnter() => Drive(Flow(mark: 2));

    [Benchmark]
    public async Task<long> ThreadHop_NoMark()
    {
        await Task.Yield();
        await Task.Yield();
        return 1;
    }

    [Benchmark]
    public async Task<long> ThreadHop_RequestTrackerEnter()
    {
        RequestTracker.Enter(RequestTracker.NextId());
        await Task.Yield();
        await Task.Yield();
        return RequestTracker.CurrentRequestId;
    }

    private long Drive(Task<long> flow)
    {
        for (var i = 0; i < Awaits; i++)
        {
            _resume.Resume();
        }

        return flow.GetAwaiter().GetResult();
    }

    private async Task<long> Flow(int mark)
    {
        if (mark == 1)
        {
            Plain.Value = _resume;
        }
        else if (mark == 2)
        {
            RequestTracker.Enter(RequestTracker.NextId());
        }

        long sum = 0;
        for (var i = 0; i < Awaits; i++)
        {
            await _resume;
            sum += i;
        }

        return sum;
    }
}
