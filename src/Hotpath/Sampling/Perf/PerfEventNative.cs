using System.Runtime.InteropServices;

namespace Hotpath.Sampling.Perf;

/// <summary>
/// The few Linux calls the perf sampler needs: <c>perf_event_open</c> (through <c>syscall</c>, libc has no wrapper),
/// <c>mmap</c>/<c>munmap</c> for the rings, <c>ioctl</c>, <c>poll</c> and <c>close</c>.
/// </summary>
internal static unsafe partial class PerfEventNative
{
    public const int PerfFlagFdCloexec = 8;
    public const uint TypeSoftware = 1;
    public const ulong CountSwCpuClock = 0;
    public const ulong CountSwContextSwitches = 3;

    public const ulong SampleIp = 1, SampleTid = 2, SampleTime = 4, SampleCallchain = 32, SampleRegsUser = 1 << 12, SampleStackUser = 1 << 13, SampleIdentifier = 1 << 16;

    // perf_event_attr flag bits (the bitfield after read_format).
    public const ulong FlagDisabled = 1UL << 0;
    public const ulong FlagExcludeKernel = 1UL << 5;
    public const ulong FlagExcludeHv = 1UL << 6;
    public const ulong FlagSampleIdAll = 1UL << 18;
    public const ulong FlagExcludeCallchainKernel = 1UL << 21;
    public const ulong FlagUseClockId = 1UL << 25;
    public const ulong FlagContextSwitch = 1UL << 26;

    public const uint IocEnable = 0x2400;
    public const uint IocDisable = 0x2401;
    public const uint IocPeriod = 0x40082404;
    public const uint IocSetOutput = 0x2405;
    public const uint IocId = 0x80082407;

    public const int ClockMonotonic = 1;
    public const int ProtRead = 1, ProtWrite = 2, MapShared = 1;
    public const short PollIn = 1, PollHup = 0x10;

    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EACCES = 13, ENOSYS = 38, EOPNOTSUPP = 95;

    /// <summary>The syscall number of perf_event_open on this architecture; 0 where Hotpath does not know it.</summary>
    public static long SyscallNumber { get; } = !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 298,
        Architecture.Arm64 => 241,
        _ => 0,
    };

    /// <summary>The user registers a wait sample asks for, in the kernel's order: frame pointer, stack pointer, instruction pointer.</summary>
    public static ulong FrameRegisters { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (1UL << 6) | (1UL << 7) | (1UL << 8),     // bp, sp, ip
        Architecture.Arm64 => (1UL << 29) | (1UL << 31) | (1UL << 32), // x29, sp, pc
        _ => 0,
    };

    /// <summary>perf_event_attr as of PERF_ATTR_SIZE_VER7 (128 bytes); fields past it stay zero.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct Attr
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(4)] public uint Size;
        [FieldOffset(8)] public ulong Config;
        [FieldOffset(16)] public ulong SamplePeriod;
        [FieldOffset(24)] public ulong SampleType;
        [FieldOffset(32)] public ulong ReadFormat;
        [FieldOffset(40)] public ulong Flags;
        [FieldOffset(48)] public uint WakeupEvents;
        [FieldOffset(80)] public ulong SampleRegsUser;
        [FieldOffset(88)] public uint SampleStackUser;
        [FieldOffset(92)] public int ClockId;
        [FieldOffset(108)] public ushort SampleMaxStack;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall5(long number, Attr* attr, int pid, int cpu, int groupFd, ulong flags);

    public static int Open(ref Attr attr, int tid, int groupFd = -1)
    {
        fixed (Attr* a = &attr)
        {
            return (int)Syscall5(SyscallNumber, a, tid, -1, groupFd, PerfFlagFdCloexec);
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlPointer(int fd, nuint request, ulong* argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "getpagesize")]
    public static partial int GetPageSize();
}
