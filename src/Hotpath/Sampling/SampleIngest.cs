using System.Collections.Concurrent;
using System.Diagnostics;
using Hotpath.Model;
using Hotpath.Sampling.Perf;

namespace Hotpath.Sampling;

/// <summary>
/// Holds samples until the method events that name their code have arrived (EventPipe streams them with a delay),
/// then symbolizes them, attributes them to requests and counts them. On the sampler thread only.
/// </summary>
internal sealed class SampleIngest : IPerfRecordHandler
{
    private static readonly FrameInfo NoStackFrame = new("[no stack]", string.Empty);
    private static readonly double TicksPerNs = Stopwatch.Frequency / 1e9;

    private readonly ProfileAccumulator _accumulator;
    private readonly StackSymbolizer _symbolizer;
    private readonly long _holdTicks;
    private readonly double _periodNs;
    private readonly List<RawSample> _pending = new();
    private readonly List<RawSample> _keep = new();
    private readonly Random _random = new();

    public SampleIngest(ProfileAccumulator accumulator, StackSymbolizer symbolizer, TimeSpan hold, double periodMs)
    {
        _accumulator = accumulator;
        _symbolizer = symbolizer;
        _holdTicks = (long)(hold.TotalSeconds * Stopwatch.Frequency);
        _periodNs = periodMs * 1e6;
    }

    /// <summary>Samples (and records) kept out because the pending list was full while names were not yet available.</summary>
    public long Dropped { get; private set; }

    public long CpuSamples { get; private set; }

    public long WaitCount { get; private set; }

    public long Lost { get; private set; }

    public const int MaxPending = 200_000;

    public void OnCpuSample(int tid, long timeNs, ReadOnlySpan<ulong> callchain) =>
        Add(new RawSample(ToTicks(timeNs), tid, callchain.ToArray(), ProfileMeasure.Cpu, 1, true, false));

    public void OnWait(int tid, long fromNs, long toNs, ReadOnlySpan<ulong> callchain)
    {
        // A wait's weight is its length in sampling periods, rounded at random so that short waits add up right on average.
        var periods = (toNs - fromNs) / _periodNs;
        var weight = (long)periods + (_random.NextDouble() < periods - Math.Floor(periods) ? 1 : 0);
        if (weight > 0)
        {
            Add(new RawSample(ToTicks(fromNs), tid, callchain.ToArray(), ProfileMeasure.Wait, weight, false, false));
        }
    }

    public void OnLost(long count) => Lost += count;

    public bool IsManagedCode(ulong address) => _symbolizer.IsManagedCode(address);

    public bool IsCode(ulong address) => _symbolizer.IsManagedCode(address) || _symbolizer.Modules.FindNative(address) is not null;

    public void Add(in RawSample sample)
    {
        if (_pending.Count >= MaxPending)
        {
            Dropped++;
            return;
        }

        _pending.Add(sample);
    }

    public void AddFrom(ConcurrentQueue<RawSample> queue)
    {
        while (queue.TryDequeue(out var sample))
        {
            Add(sample);
        }
    }

    /// <summary>Counts every pending sample older than the hold time (all of them when <paramref name="all"/>).</summary>
    public void Process(bool all)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var cutoff = all ? long.MaxValue : Stopwatch.GetTimestamp() - _holdTicks;
        _keep.Clear();
        foreach (var sample in _pending)
        {
            if (sample.Timestamp > cutoff)
            {
                _keep.Add(sample);
                continue;
            }

            Count(sample);
        }

        _pending.Clear();
        _pending.AddRange(_keep);
    }

    private void Count(in RawSample sample)
    {
        var request = sample.OnCpu || sample.Measure == ProfileMeasure.Wait ? RequestTracker.Lookup(sample.ThreadId, sample.Timestamp) : 0;
        var accumulator = _accumulator;
        lock (accumulator.Gate)
        {
            var aggregator = accumulator.Aggregator;
            if (sample.Measure == ProfileMeasure.Wait)
            {
                // Only a request thread's waits are shown: an idle pool thread waiting for work is not a wait of anyone's.
                if (request <= 0 || accumulator.IsOwnThread(sample.ThreadId) || accumulator.IsDiscarded(sample.Timestamp, request))
                {
                    return;
                }

                WaitCount += sample.Weight;
                aggregator.AddSample(_symbolizer.NodeFor(sample.Stack, accumulator, false), true, sample.Weight, ProfileMeasure.Wait);
                return;
            }

            if (!accumulator.TryAdmit(sample.Timestamp, sample.ThreadId, sample.OnCpu, request, out var inRequest))
            {
                return;
            }

            CpuSamples++;
            var node = sample.Stack.Length == 0
                ? aggregator.Intern([aggregator.InternFrame(NoStackFrame)])
                : _symbolizer.NodeFor(sample.Stack, accumulator, sample.FromEventPipe);
            aggregator.AddSample(node, inRequest);
        }
    }

    private static long ToTicks(long ns) => TicksPerNs == 1.0 ? ns : (long)(ns * TicksPerNs);
}
