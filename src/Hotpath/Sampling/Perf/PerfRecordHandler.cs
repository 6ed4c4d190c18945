namespace Hotpath.Sampling.Perf;

/// <summary>Receives what a thread's perf ring holds; called on the sampler thread only.</summary>
internal interface IPerfRecordHandler
{
    /// <summary>An on-CPU sample: the thread ran <paramref name="callchain"/> (leaf first, user space) at <paramref name="timeNs"/>.</summary>
    void OnCpuSample(int tid, long timeNs, ReadOnlySpan<ulong> callchain);

    /// <summary>The thread was off the CPU from <paramref name="fromNs"/> to <paramref name="toNs"/>, blocked in <paramref name="callchain"/>.</summary>
    void OnWait(int tid, long fromNs, long toNs, ReadOnlySpan<ulong> callchain);

    /// <summary>Whether <paramref name="address"/> is managed code (JIT'd or in a loaded assembly).</summary>
    bool IsManagedCode(ulong address);

    /// <summary>Whether <paramref name="address"/> is code at all (managed, or in a mapped native library).</summary>
    bool IsCode(ulong address);

    /// <summary>The kernel dropped <paramref name="count"/> records because the ring was full.</summary>
    void OnLost(long count);
}
