using System.Runtime.InteropServices;

namespace Hotpath.Sampling.Perf;

/// <summary>
/// The perf events of one thread: a CPU-clock sampling event that owns an mmap'd ring and, where the kernel allows it,
/// a context-switch event (its output redirected into the same ring) whose samples give the stack a thread blocked in
/// and whose switch records say when it ran again. Read on the sampler thread only.
/// </summary>
internal sealed unsafe class PerfThreadEvents : IDisposable
{
    private const ushort RecordLost = 2, RecordSample = 9, RecordSwitch = 14;
    private const ushort MiscSwitchOut = 1 << 13, MiscSwitchOutPreempt = 1 << 14;
    private const ulong ContextMax = unchecked((ulong)-4095L); // callchain entries at or above this are context markers

    private readonly int _cpuFd;
    private readonly int _switchFd;
    private readonly ulong _cpuId, _switchId;
    private readonly nint _map;
    private readonly nuint _mapLength;
    private readonly byte* _data;
    private readonly ulong _dataSize;
    private readonly ulong[] _waitStack = new ulong[PerfEventSampler.MaxStack + 8];
    private int _waitDepth = -1;
    private long _waitFrom;

    private PerfThreadEvents(int tid, int cpuFd, int switchFd, ulong cpuId, ulong switchId, nint map, nuint mapLength, int pageSize)
    {
        Tid = tid;
        _cpuFd = cpuFd;
        _switchFd = switchFd;
        _cpuId = cpuId;
        _switchId = switchId;
        _map = map;
        _mapLength = mapLength;
        _data = (byte*)map + pageSize;
        _dataSize = mapLength - (nuint)pageSize;
    }

    public int Tid { get; }

    public int CpuFd => _cpuFd;

    public bool HasWaits => _switchFd >= 0;

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

        var page = PerfEventNative.GetPageSize();
        var length = (nuint)(page * (1 + ringPages));
        var map = PerfEventNative.Mmap(0, length, PerfEventNative.ProtRead | PerfEventNative.ProtWrite, PerfEventNative.MapShared, cpuFd, 0);
        if (map == -1)
        {
            errno = Marshal.GetLastPInvokeError();
            PerfEventNative.Close(cpuFd);
            return null;
        }

        var switchFd = -1;
        ulong switchId = 0;
        if (settings.Waits)
        {
            var sw = settings.SwitchAttr();
            switchFd = PerfEventNative.Open(ref sw, tid);
            if (switchFd >= 0 && (PerfEventNative.Ioctl(switchFd, PerfEventNative.IocSetOutput, cpuFd) != 0 || !TryId(switchFd, out switchId)))
            {
                PerfEventNative.Close(switchFd);
                switchFd = -1;
            }
        }

        TryId(cpuFd, out var cpuId);
        PerfEventNative.Ioctl(cpuFd, PerfEventNative.IocEnable, 0);
        if (switchFd >= 0)
        {
            PerfEventNative.Ioctl(switchFd, PerfEventNative.IocEnable, 0);
        }

        errno = 0;
        return new PerfThreadEvents(tid, cpuFd, switchFd, cpuId, switchId, map, length, page);
    }

    private static bool TryId(int fd, out ulong id)
    {
        ulong value = 0;
        var ok = PerfEventNative.IoctlPointer(fd, PerfEventNative.IocId, &value) == 0;
        id = value;
        return ok;
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

    /// <summary>Reads every complete record in the ring and hands it to <paramref name="handler"/>.</summary>
    public void Drain(IPerfRecordHandler handler, byte[] scratch)
    {
        var header = (byte*)_map;
        var head = Volatile.Read(ref *(ulong*)(header + 1024));
        var tail = *(ulong*)(header + 1032);
        while (tail + 8 <= head)
        {
            var offset = tail % _dataSize;
            var type = *(uint*)Ptr(offset);
            var misc = *(ushort*)Ptr(offset + 4);
            var size = *(ushort*)Ptr(offset + 6);
            if (size < 8 || tail + size > head)
            {
                break;
            }

            byte* record;
            if (offset + size <= _dataSize)
            {
                record = _data + offset;
            }
            else
            {
                // The record wraps around the end of the ring: copy it out in two pieces.
                var first = (int)(_dataSize - offset);
                fixed (byte* s = scratch)
                {
                    Buffer.MemoryCopy(_data + offset, s, scratch.Length, first);
                    Buffer.MemoryCopy(_data, s + first, scratch.Length - first, size - first);
                    Handle(type, misc, s, size, handler);
                }

                tail += size;
                continue;
            }

            Handle(type, misc, record, size, handler);
            tail += size;
        }

        // Release: the kernel may reuse the space only after we are done reading it.
        Volatile.Write(ref *(ulong*)(header + 1032), tail);
    }

    private byte* Ptr(ulong offset) => _data + (offset % _dataSize);

    private void Handle(uint type, ushort misc, byte* record, int size, IPerfRecordHandler handler)
    {
        var body = (ulong*)(record + 8);
        var words = (size - 8) / 8;
        switch (type)
        {
            case RecordSample when words >= 5:
            {
                // identifier, ip, pid|tid, time, nr, ips[nr]
                var id = body[0];
                var tid = (int)(body[2] >> 32);
                var time = (long)body[3];
                var nr = (int)Math.Min(body[4], (ulong)(words - 5));
                var chain = UserFrames(new ReadOnlySpan<ulong>(body + 5, nr));
                if (id == _switchId && _switchFd >= 0)
                {
                    chain.CopyTo(_waitStack);
                    _waitDepth = chain.Length;
                    _waitFrom = time;
                }
                else
                {
                    handler.OnCpuSample(tid, time, chain);
                }

                break;
            }

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
                        _waitDepth = -1;
                    }
                }
                else if (_waitDepth >= 0)
                {
                    if (time > _waitFrom)
                    {
                        handler.OnWait(tid, _waitFrom, time, _waitStack.AsSpan(0, _waitDepth));
                    }

                    _waitDepth = -1;
                }

                break;
            }

            case RecordLost when words >= 2:
                handler.OnLost((long)body[1]);
                break;
        }
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
        if (_switchFd >= 0)
        {
            PerfEventNative.Close(_switchFd);
        }

        PerfEventNative.Munmap(_map, _mapLength);
        PerfEventNative.Close(_cpuFd);
    }
}
