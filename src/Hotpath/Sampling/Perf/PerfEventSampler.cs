using System.Globalization;

namespace Hotpath.Sampling.Perf;

/// <summary>
/// An on-CPU sampler driven by the kernel: one <c>perf_event_open</c> CPU-clock event per thread of this process
/// (user-space frame-pointer callchains, CLOCK_MONOTONIC timestamps = Stopwatch ticks), read from mmap'd rings.
/// Threads created after start are found by rescanning <c>/proc/self/task</c> every <see cref="RescanInterval"/>;
/// a thread that lives less than that may be missed, which <see cref="CoveredCpuShare"/> measures. Not thread-safe:
/// one owner thread calls everything.
/// </summary>
internal sealed class PerfEventSampler : IDisposable
{
    public const ushort MaxStack = 127;

    private const string TaskDirectory = "/proc/self/task";

    private PerfEventSettings _settings;
    private int _ringPages;
    private readonly Dictionary<int, PerfThreadEvents> _threads = new();
    private readonly HashSet<int> _seen = new();
    private readonly List<int> _gone = new();
    private readonly byte[] _scratch = new byte[64 * 1024];
    private PerfEventNative.PollFd[] _polls = [];
    private long _closedCpuNs;
    private long _lastRescan;
    private long _lastJitter;
    private long _processCpuAtStart;

    public PerfEventSampler(PerfEventSettings settings, int ringPages = 0)
    {
        _settings = settings;
        _ringPages = ringPages;
    }

    public static TimeSpan RescanInterval { get; } = TimeSpan.FromMilliseconds(100);

    public int ThreadCount => _threads.Count;

    /// <summary>Threads the kernel refused an event for (after the first one succeeded).</summary>
    public int OpenFailures { get; private set; }

    /// <summary>Threads whose context-switch event was refused: waits are not measured (unprivileged, paranoid ≥ 2).</summary>
    public bool WaitsAvailable { get; private set; }

    public long LostRecords { get; set; }

    /// <summary>
    /// Checks that the kernel lets this process sample itself; returns null when it does, otherwise why not
    /// (perf_event_paranoid, seccomp, not Linux, unknown architecture).
    /// </summary>
    public static string? Probe(PerfEventSettings settings)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "perf_event_open exists only on Linux";
        }

        if (PerfEventNative.SyscallNumber == 0)
        {
            return $"perf_event_open's syscall number is not known for {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";
        }

        try
        {
            using var events = PerfThreadEvents.Open(OsThread.CurrentId, settings, 1, out var errno);
            return events is null ? Refusal(errno) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return "libc's syscall entry point is not available: " + ex.Message;
        }
    }

    internal static string Refusal(int errno) => errno switch
    {
        PerfEventNative.EACCES or PerfEventNative.EPERM =>
            $"the kernel refused perf_event_open (errno {errno}): kernel.perf_event_paranoid is {Paranoid()} (≤ 2 is needed) or a seccomp profile blocks it",
        PerfEventNative.ENOSYS => "perf_event_open is not implemented by this kernel (ENOSYS)",
        PerfEventNative.ENOENT or PerfEventNative.EOPNOTSUPP => $"this kernel has no software CPU-clock event (errno {errno})",
        _ => $"perf_event_open failed with errno {errno}",
    };

    private static string Paranoid()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/perf_event_paranoid").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>Opens events for every current thread. Throws when not even one could be opened.</summary>
    public void Start()
    {
        _processCpuAtStart = ProcessCpuNs();
        if (_settings.Waits)
        {
            // The context-switch event needs more than the CPU clock (the kernel must not be excluded): try it once
            // here, so that unprivileged processes do not ask for it per thread.
            using var probe = PerfThreadEvents.Open(OsThread.CurrentId, _settings, 1, out _);
            if (probe is null || !probe.HasWaits)
            {
                _settings = new PerfEventSettings(_settings.PeriodNs, _settings.Jitter, waits: false);
            }
        }

        if (_ringPages == 0)
        {
            // 8 pages (32 KB) hold ~100 CPU samples: 1 s of a busy thread at 10 ms, read every 50 ms.
            _ringPages = 8;
        }

        Rescan(Environment.TickCount64);
        if (_threads.Count == 0)
        {
            throw new InvalidOperationException("perf_event_open refused every thread of the process");
        }
    }

    /// <summary>Drains every ring; rescans threads and re-randomises periods when due.</summary>
    public void Poll(IPerfRecordHandler handler)
    {
        foreach (var events in _threads.Values)
        {
            events.Drain(handler, _scratch);
        }

        var now = Environment.TickCount64;
        if (now - _lastRescan >= RescanInterval.TotalMilliseconds)
        {
            CloseExited(handler);
            Rescan(now);
        }

        if (_settings.Jitter > 0 && now - _lastJitter >= 1000)
        {
            _lastJitter = now;
            foreach (var events in _threads.Values)
            {
                events.SetPeriod(_settings.NextPeriodNs());
            }
        }
    }

    /// <summary>CPU time (ns) counted by the events so far, open and closed threads together.</summary>
    public long SampledCpuNs()
    {
        var total = _closedCpuNs;
        foreach (var events in _threads.Values)
        {
            var ns = events.ReadCpuTimeNs();
            if (ns > 0)
            {
                total += ns;
            }
        }

        return total;
    }

    /// <summary>
    /// The share of the process's CPU time since start that ran on a sampled thread (1.0: nothing missed). Threads that
    /// lived and died between two rescans, and time before a thread's event opened, are what lowers it.
    /// </summary>
    public double? CoveredCpuShare()
    {
        var process = ProcessCpuNs() - _processCpuAtStart;
        return process <= 0 ? null : Math.Min(1.0, SampledCpuNs() / (double)process);
    }

    private void Rescan(long now)
    {
        _lastRescan = now;
        _seen.Clear();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(TaskDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            var slash = entry.LastIndexOf('/');
            if (!int.TryParse(entry.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
            {
                continue;
            }

            _seen.Add(tid);
            if (_threads.ContainsKey(tid))
            {
                continue;
            }

            var events = PerfThreadEvents.Open(tid, _settings, _ringPages, out var errno);
            if (events is null)
            {
                // ESRCH: the thread exited between listing and opening.
                if (errno != PerfEventNative.ESRCH)
                {
                    OpenFailures++;
                }

                continue;
            }

            WaitsAvailable |= events.HasWaits;
            _threads[tid] = events;
        }

        _gone.Clear();
        foreach (var tid in _threads.Keys)
        {
            if (!_seen.Contains(tid))
            {
                _gone.Add(tid);
            }
        }

        foreach (var tid in _gone)
        {
            Close(tid, null);
        }
    }

    private unsafe void CloseExited(IPerfRecordHandler handler)
    {
        // An event whose thread exited reports POLLHUP: close it even if a new thread reused the id (rescan reopens).
        if (_polls.Length < _threads.Count)
        {
            _polls = new PerfEventNative.PollFd[_threads.Count * 2];
        }

        var n = 0;
        foreach (var events in _threads.Values)
        {
            _polls[n++] = new PerfEventNative.PollFd { Fd = events.CpuFd, Events = PerfEventNative.PollIn };
        }

        fixed (PerfEventNative.PollFd* p = _polls)
        {
            if (PerfEventNative.Poll(p, (nuint)n, 0) <= 0)
            {
                return;
            }
        }

        _gone.Clear();
        var i = 0;
        foreach (var (tid, _) in _threads)
        {
            if ((_polls[i++].Revents & PerfEventNative.PollHup) != 0)
            {
                _gone.Add(tid);
            }
        }

        foreach (var tid in _gone)
        {
            Close(tid, handler);
        }
    }

    private void Close(int tid, IPerfRecordHandler? handler)
    {
        if (!_threads.Remove(tid, out var events))
        {
            return;
        }

        if (handler is not null)
        {
            events.Drain(handler, _scratch);
        }

        var ns = events.ReadCpuTimeNs();
        if (ns > 0)
        {
            _closedCpuNs += ns;
        }

        events.Dispose();
    }

    /// <summary>Closes every event; drains first when a handler is given.</summary>
    public void Stop(IPerfRecordHandler? handler)
    {
        foreach (var tid in _threads.Keys.ToArray())
        {
            Close(tid, handler);
        }
    }

    public void Dispose() => Stop(null);

    /// <summary>utime + stime of the whole process from /proc/self/stat, in nanoseconds.</summary>
    internal static long ProcessCpuNs()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * 10_000_000; // USER_HZ is 100 on Linux
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
