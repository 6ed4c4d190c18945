namespace Hotpath.Sampling;

/// <summary>
/// A single-writer ring of (timestamp, request id) switches for one OS thread. The owning thread appends when the
/// request it runs changes; the event-processing thread reads it to attribute samples taken on that thread.
/// </summary>
internal sealed class ThreadRequestLog
{
    private const int SafetyMargin = 8;

    private readonly long[] _timestamps;
    private readonly long[] _requests;
    private readonly int _mask;
    private long _written;

    public ThreadRequestLog(int capacity)
    {
        // Lookups keep a margin of SafetyMargin slots from the writer; a smaller ring could never answer.
        if (capacity < 4 * SafetyMargin || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"Capacity must be a power of two of at least {4 * SafetyMargin}.");
        }

        _timestamps = new long[capacity];
        _requests = new long[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _timestamps.Length;

    /// <summary>Set when the log was unregistered; the owning thread then registers a new one.</summary>
    public bool Detached { get; set; }

    /// <summary>The timestamp of the newest entry, or 0.</summary>
    public long LastWrite
    {
        get
        {
            var written = Volatile.Read(ref _written);
            return written == 0 ? 0 : _timestamps[(int)((written - 1) & _mask)];
        }
    }

    /// <summary>The request of the newest entry (0: the thread last switched to no request).</summary>
    public long LastRequest
    {
        get
        {
            var written = Volatile.Read(ref _written);
            return written == 0 ? 0 : _requests[(int)((written - 1) & _mask)];
        }
    }

    /// <summary>Appends a switch; called only by the owning thread.</summary>
    public void Append(long timestamp, long requestId)
    {
        var index = (int)(_written & _mask);
        _timestamps[index] = timestamp;
        _requests[index] = requestId;
        Volatile.Write(ref _written, _written + 1);
    }

    /// <summary>The request the thread was running at <paramref name="timestamp"/>: 0 for none, -1 when the log no longer reaches back that far.</summary>
    public long Lookup(long timestamp)
    {
        var written = Volatile.Read(ref _written);
        if (written == 0)
        {
            return 0;
        }

        // Leave a margin: the writer may be overwriting the oldest slots while we read.
        var oldest = Math.Max(0, written - _timestamps.Length + SafetyMargin);
        long lo = oldest, hi = written - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_timestamps[(int)(mid & _mask)] <= timestamp)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        long result;
        if (found < 0)
        {
            // Older than everything kept: unknown unless the log never wrapped (then the thread ran no request yet).
            result = oldest == 0 ? 0 : -1;
        }
        else
        {
            result = _requests[(int)(found & _mask)];
        }

        // If the writer lapped the slot we read, the answer may be torn: say unknown rather than guess.
        return Volatile.Read(ref _written) - found > _timestamps.Length - SafetyMargin && found >= 0 ? -1 : result;
    }
}
