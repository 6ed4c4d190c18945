using System.Runtime.InteropServices;

namespace Hotpath.Sampling.Perf;

/// <summary>
/// The perf events of one thread: a CPU-clock sampling event with its ring and, where the kernel allows it, a
/// context-switch event with a ring of its own (so a thread that switches often cannot crowd out its CPU samples) whose
/// samples carry the stack a thread blocked in and whose switch records say when it ran again. Sampler thread only.
/// </summary>
internal sealed unsafe class PerfThreadEvents : IDisposable
{
    private const ushort RecordLost = 2, RecordSample = 9, RecordSwitch = 14;
    private const ushort MiscSwitchOut = 1 << 13, MiscSwitchOutPreempt = 1 << 14;
    private const ulong ContextMax = unchecked((ulong)-4095L); // callchain entries at or above this are context markers

    private readonly int _cpuFd;
    private readonly int _switchFd;
    private readonly PerfRing _cpuRing;
    private readonly PerfRing? _switchRing;
    private readonly ulong[] _waitStack = new ulong[PerfEventSampler.MaxStack + 8];
    private IPerfRecordHandler? _handler;
    private int _waitDepth = -1;
    private long _waitFrom;

    private PerfThreadEvents(int tid, int cpuFd, PerfRing cpuRing, int switchFd, PerfRing? switchRing)
    {
        Tid = tid;
        _cpuFd = cpuFd;
        _cpuRing = cpuRing;
        _switchFd = switchFd;
        _switchRing = switchRing;
    }

    public int Tid { get; }

    public int CpuFd => _cpuFd;

    public bool HasWaits => _switchRing is not null;

    /// <summary>
    /// Opens the events of thread <paramref name="tid"/>. Returns null and the errno when the CPU-clock event is refused;
    /// a refused context-switch event only leaves waits unmeasured for the thread.
    /// </summary>
    public static PerfThreadEvents? Open(int tid, in PerfEventSettings settings, int ringPages, out int errno)
    {
        var cpu = settings.CpuAttr(settings.NextPeriodNs());
        var cpuFd = PerfEventNative.Open(ref cpu, tid);
        if (cpuFd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        var cpuRing = PerfRing.Map(cpuFd, ringPages, out errno);
        if (cpuRing is null)
        {
            PerfEventNative.Close(cpuFd);
            return null;
        }

        var switchFd = -1;
        PerfRing? switchRing = null;
        if (settings.Waits)
        {
            // Each wait sample carries a copy of the stack's top (8 KB): 64 pages hold ~30 of them between two reads.
            var sw = settings.SwitchAttr();
            switchFd = PerfEventNative.Open(ref sw, tid);
            switchRing = switchFd >= 0 ? PerfRing.Map(switchFd, ringPages * 8, out _) : null;
            if (switchFd >= 0 && switchRing is null)
            {
                PerfEventNative.Close(switchFd);
                switchFd = -1;
            }
        }

        PerfEventNative.Ioctl(cpuFd, PerfEventNative.IocEnable, 0);
        if (switchFd >= 0)
        {
            PerfEventNative.Ioctl(switchFd, PerfEventNative.IocEnable, 0);
        }

        errno = 0;
        return new PerfThreadEvents(tid, cpuFd, cpuRing, switchFd, switchRing);
    }

    /// <summary>Changes the sampling period (a little randomness keeps samples from locking to a periodic workload).</summary>
    public void SetPeriod(ulong periodNs)
    {
        var value = periodNs;
        PerfEventNative.IoctlPointer(_cpuFd, PerfEventNative.IocPeriod, &value);
    }

    /// <summary>The CPU time the thread has run while the event was enabled, in nanoseconds; -1 when unreadable.</summary>
    public long ReadCpuTimeNs()
    {
        long value = 0;
        return PerfEventNative.Read(_cpuFd, &value, 8) == 8 ? value : -1;
    }

    /// <summary>Reads every complete record of both rings and hands what they mean to <paramref name="handler"/>.</summary>
    public void Drain(IPerfRecordHandler handler, byte[] scratch)
    {
        _handler = handler;
        _cpuRing.Drain(&HandleCpu, this, scratch);
        _switchRing?.Drain(&HandleSwitch, this, scratch);
        _handler = null;
    }

    private static void HandleCpu(object state, uint type, ushort misc, byte* record, int size)
    {
        var self = (PerfThreadEvents)state;
        var body = (ulong*)(record + 8);
        var words = (size - 8) / 8;
        if (type == RecordSample && words >= 5)
        {
            // identifier, ip, pid|tid, time, nr, ips[nr]
            var nr = (int)Math.Min(body[4], (ulong)(words - 5));
            self._handler!.OnCpuSample((int)(body[2] >> 32), (long)body[3], UserFrames(new ReadOnlySpan<ulong>(body + 5, nr)));
        }
        else if (type == RecordLost && words >= 2)
        {
            self._handler!.OnLost((long)body[1]);
        }
    }

    private static void HandleSwitch(object state, uint type, ushort misc, byte* record, int size)
    {
        var self = (PerfThreadEvents)state;
        var body = (ulong*)(record + 8);
        var words = (size - 8) / 8;
        switch (type)
        {
            case RecordSample when words >= 5:
                try
                {
                    self.OnSwitchSample(body, words);
                }
                catch (IndexOutOfRangeException)
                {
                    // A record that does not parse as laid out loses its wait, not the sampler.
                    self._waitDepth = -1;
                }

                break;

            case RecordSwitch when words >= 3:
            {
                // sample_id: pid|tid, time, identifier
                var tid = (int)(body[words - 3] >> 32);
                var time = (long)body[words - 2];
                if ((misc & MiscSwitchOut) != 0)
                {
                    if ((misc & MiscSwitchOutPreempt) != 0)
                    {
                        // Preempted while runnable: waiting for a CPU, not blocked in the code.
                        self._waitDepth = -1;
                    }
                }
                else if (self._waitDepth >= 0)
                {
                    if (time > self._waitFrom)
                    {
                        self._handler!.OnWait(tid, self._waitFrom, time, self._waitStack.AsSpan(0, self._waitDepth));
                    }

                    self._waitDepth = -1;
                }

                break;
            }

            case RecordLost when words >= 2:
                // Lost switch records only lose waits; the CPU samples have their own ring.
                self._waitDepth = -1;
                break;
        }
    }

    private void OnSwitchSample(ulong* body, int words)
    {
        // identifier, ip, pid|tid, time, nr, ips[nr], abi, regs[fp, sp, ip] (abi != 0), size, data[size], dyn_size
        var time = (long)body[3];
        var nr = (int)Math.Min(body[4], (ulong)(words - 5));
        var at = 5 + nr;
        var chain = UserFrames(new ReadOnlySpan<ulong>(body + 5, nr));
        _waitDepth = -1;
        if (chain.Length == 0 || at >= words)
        {
            return;
        }

        _waitStack[0] = chain[0];
        var depth = 1;
        var abi = body[at++];
        if (abi != 0 && at + 4 <= words)
        {
            var fp = body[at];
            var sp = body[at + 1];
            at += 3;
            var stackSize = (int)body[at++];
            if (stackSize > 0 && at + (stackSize / 8) < words)
            {
                var stack = new ReadOnlySpan<ulong>(body + at, stackSize / 8);
                var dynamic = (int)Math.Min(body[at + (stackSize / 8)], (ulong)stackSize);
                depth = WaitStackWalker.Walk(stack[..(dynamic / 8)], sp, fp, _handler!, _waitStack, depth);
            }
        }

        _waitDepth = depth;
        _waitFrom = time;
    }

    private static ReadOnlySpan<ulong> UserFrames(ReadOnlySpan<ulong> chain)
    {
        // The kernel puts a context marker (PERF_CONTEXT_USER) before the user frames; drop markers wherever they are.
        var start = 0;
        while (start < chain.Length && chain[start] >= ContextMax)
        {
            start++;
        }

        var end = start;
        while (end < chain.Length && chain[end] < ContextMax)
        {
            end++;
        }

        return chain[start..end];
    }

    public void Dispose()
    {
        _switchRing?.Dispose();
        if (_switchFd >= 0)
        {
            PerfEventNative.Close(_switchFd);
        }

        _cpuRing.Dispose();
        PerfEventNative.Close(_cpuFd);
    }
}
