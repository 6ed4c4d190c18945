namespace Hotpath.Requests;

/// <summary>
/// The completed requests' records, newest last, bounded by count and estimated bytes; the oldest are evicted first and
/// counted. Thread-safe: the event thread adds (as it applies request ends) under a short lock of the store's own; API readers query.
/// </summary>
internal sealed class RequestStore
{
    private readonly object _gate = new();
    // Each record's size as counted when it was added, so a later change to the record cannot skew the total.
    private (RequestRecord? Record, long Bytes)[] _ring;
    private int _head;
    private int _count;
    private long _bytes;
    private long _evicted;

    public RequestStore(RequestStoreOptions? options = null)
    {
        Options = options ?? RequestStoreOptions.Default;
        if (Options.MaxRequests < 1 || Options.MaxBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRequests and MaxBytes must be positive.");
        }

        _ring = new (RequestRecord?, long)[Math.Min(Options.MaxRequests, 1024)];
    }

    public RequestStoreOptions Options { get; }

    /// <summary>Records evicted (count or byte cap) since the last clear.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public long EstimatedBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Adds a completed record; evicted records that kept a profile are passed to <paramref name="evicted"/> (outside the lock).</summary>
    public void Add(RequestRecord record, Action<RequestRecord>? evicted = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bytes = record.EstimatedBytes;
        RequestRecord? single = null;
        List<RequestRecord>? more = null;
        lock (_gate)
        {
            while (_count > 0 && (_count >= Options.MaxRequests || _bytes + bytes > Options.MaxBytes))
            {
                var old = RemoveOldest();
                if (old.KeepReason is not null && evicted is not null)
                {
                    if (single is null)
                    {
                        single = old;
                    }
                    else
                    {
                        (more ??= new List<RequestRecord>()).Add(old);
                    }
                }
            }

            if (_count == _ring.Length)
            {
                Grow();
            }

            _ring[(_head + _count) % _ring.Length] = (record, bytes);
            _count++;
            _bytes += bytes;
        }

        if (single is not null)
        {
            evicted!(single);
            more?.ForEach(evicted);
        }
    }

    public RequestRecord? Find(long id)
    {
        // A scan, not an index: finding one record is rare (an API call), adding one happens on every request.
        lock (_gate)
        {
            for (var i = _count - 1; i >= 0; i--)
            {
                var r = _ring[(_head + i) % _ring.Length].Record!;
                if (r.Id == id)
                {
                    return r;
                }
            }

            return null;
        }
    }

    /// <summary>Records matching <paramref name="query"/>, newest first, at most <see cref="RequestQuery.Limit"/>.</summary>
    public IReadOnlyList<RequestRecord> Query(RequestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<RequestRecord>(Math.Min(query.Limit, 256));
        lock (_gate)
        {
            for (var i = _count - 1; i >= 0 && result.Count < query.Limit; i--)
            {
                var r = _ring[(_head + i) % _ring.Length].Record!;
                if (query.Matches(r))
                {
                    result.Add(r);
                }
            }
        }

        return result;
    }

    /// <summary>Every record, oldest first.</summary>
    public IReadOnlyList<RequestRecord> All()
    {
        lock (_gate)
        {
            var all = new RequestRecord[_count];
            for (var i = 0; i < _count; i++)
            {
                all[i] = _ring[(_head + i) % _ring.Length].Record!;
            }

            return all;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _head = _count = 0;
            _bytes = 0;
            Interlocked.Exchange(ref _evicted, 0);
        }
    }

    private RequestRecord RemoveOldest()
    {
        var (old, bytes) = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
        _bytes -= bytes;
        Interlocked.Increment(ref _evicted);
        return old!;
    }

    private void Grow()
    {
        var ring = new (RequestRecord?, long)[Math.Min(Options.MaxRequests, _ring.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            ring[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = ring;
        _head = 0;
    }
}
