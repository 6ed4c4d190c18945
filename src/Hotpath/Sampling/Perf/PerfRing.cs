namespace Hotpath.Sampling.Perf;

/// <summary>One mmap'd perf ring: a header page (data_head at 1024, data_tail at 1032) and 2^n data pages.</summary>
internal sealed unsafe class PerfRing : IDisposable
{
    private readonly nint _map;
    private readonly nuint _length;
    private readonly byte* _data;
    private readonly ulong _size;

    private PerfRing(nint map, nuint length, int page)
    {
        _map = map;
        _length = length;
        _data = (byte*)map + page;
        _size = length - (nuint)page;
    }

    /// <summary>Maps the ring of <paramref name="fd"/>; null (and errno) when the kernel refuses, e.g. past perf_event_mlock_kb.</summary>
    public static PerfRing? Map(int fd, int pages, out int errno)
    {
        var page = PerfEventNative.GetPageSize();
        var length = (nuint)(page * (1 + pages));
        var map = PerfEventNative.Mmap(0, length, PerfEventNative.ProtRead | PerfEventNative.ProtWrite, PerfEventNative.MapShared, fd, 0);
        if (map == -1)
        {
            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        return new PerfRing(map, length, page);
    }

    /// <summary>Hands every complete record to <paramref name="handle"/> (type, misc, record, size), then frees their space.</summary>
    public void Drain(delegate*<object, uint, ushort, byte*, int, void> handle, object state, byte[] scratch)
    {
        var header = (byte*)_map;
        var head = Volatile.Read(ref *(ulong*)(header + 1024));
        var tail = *(ulong*)(header + 1032);
        while (tail + 8 <= head)
        {
            var offset = tail % _size;
            var type = *(uint*)(_data + offset);
            var misc = *(ushort*)(_data + offset + 4);
            var size = *(ushort*)(_data + ((offset + 6) % _size));
            if (size < 8 || tail + size > head)
            {
                break;
            }

            if (offset + size <= _size)
            {
                handle(state, type, misc, _data + offset, size);
            }
            else
            {
                // The record wraps around the end of the ring: copy it out in two pieces.
                var first = (int)(_size - offset);
                fixed (byte* s = scratch)
                {
                    Buffer.MemoryCopy(_data + offset, s, scratch.Length, first);
                    Buffer.MemoryCopy(_data, s + first, scratch.Length - first, size - first);
                    handle(state, type, misc, s, size);
                }
            }

            tail += size;
        }

        // Release: the kernel may reuse the space only after we are done reading it.
        Volatile.Write(ref *(ulong*)(header + 1032), tail);
    }

    public void Dispose() => PerfEventNative.Munmap(_map, _length);
}
