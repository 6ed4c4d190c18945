namespace Hotpath.Sampling.Perf;

/// <summary>How the perf events are opened: the sampling period, its jitter, and whether waits are recorded.</summary>
internal readonly struct PerfEventSettings
{
    public PerfEventSettings(long periodNs, double jitter, bool waits)
    {
        PeriodNs = periodNs;
        Jitter = jitter;
        Waits = waits;
    }

    public long PeriodNs { get; }

    /// <summary>Each period is drawn uniformly from PeriodNs × (1 ± Jitter): the mean stays PeriodNs.</summary>
    public double Jitter { get; }

    public bool Waits { get; }

    public ulong NextPeriodNs() =>
        (ulong)Math.Max(10_000, PeriodNs * (1 + (Jitter * ((Random.Shared.NextDouble() * 2) - 1))));

    public PerfEventNative.Attr CpuAttr(ulong periodNs) => new()
    {
        Type = PerfEventNative.TypeSoftware,
        Size = 128,
        Config = PerfEventNative.CountSwCpuClock,
        SamplePeriod = periodNs,
        SampleType = Common,
        // exclude_kernel: allowed unprivileged at perf_event_paranoid 2; the kernel half of a stack is not ours to show.
        Flags = PerfEventNative.FlagDisabled | PerfEventNative.FlagExcludeKernel | PerfEventNative.FlagExcludeHv
            | PerfEventNative.FlagExcludeCallchainKernel | PerfEventNative.FlagUseClockId | PerfEventNative.FlagSampleIdAll,
        ClockId = PerfEventNative.ClockMonotonic,
        SampleMaxStack = PerfEventSampler.MaxStack,
    };

    /// <summary>
    /// One sample per context switch (the stack the thread blocked in) plus switch records (when it ran again). The
    /// switch happens in the kernel, so this event must not exclude the kernel: it needs perf_event_paranoid ≤ 1 or
    /// CAP_PERFMON; unprivileged it is refused and waits are not measured.
    /// </summary>
    public PerfEventNative.Attr SwitchAttr() => new()
    {
        Type = PerfEventNative.TypeSoftware,
        Size = 128,
        Config = PerfEventNative.CountSwContextSwitches,
        SamplePeriod = 1,
        // A thread blocks inside libc, whose code keeps no frame pointers, so the kernel's callchain stops at the leaf.
        // The registers and the top of the user stack let us find the first managed frame and walk on from there.
        SampleType = Common | PerfEventNative.SampleRegsUser | PerfEventNative.SampleStackUser,
        SampleRegsUser = PerfEventNative.FrameRegisters,
        SampleStackUser = WaitStackBytes,
        Flags = PerfEventNative.FlagDisabled | PerfEventNative.FlagExcludeHv | PerfEventNative.FlagExcludeCallchainKernel
            | PerfEventNative.FlagUseClockId | PerfEventNative.FlagSampleIdAll | PerfEventNative.FlagContextSwitch,
        ClockId = PerfEventNative.ClockMonotonic,
        SampleMaxStack = PerfEventSampler.MaxStack,
    };

    /// <summary>Bytes of a blocked thread's stack copied with each wait sample.</summary>
    public const uint WaitStackBytes = 8192;

    private const ulong Common = PerfEventNative.SampleIdentifier | PerfEventNative.SampleIp | PerfEventNative.SampleTid
        | PerfEventNative.SampleTime | PerfEventNative.SampleCallchain;
}
