using System.Collections.Concurrent;
using Hotpath.Requests;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// The latest request records that carry a pipeline, by id, at most <see cref="Capacity"/>: what
/// <c>api/requests/{id}/pipeline</c> reads until the request store (issue: request views) takes over this role.
/// </summary>
internal sealed class RecentRequests
{
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<long, RequestRecord> _byId = new();
    private readonly ConcurrentQueue<long> _order = new();

    // ConcurrentDictionary.Count takes every bucket lock: far too dear for each request (it was most of this class's
    // cost under load), so the count is kept here.
    private int _count;

    public void Add(RequestRecord record)
    {
        if (!_byId.TryAdd(record.Id, record))
        {
            return;
        }

        _order.Enqueue(record.Id);
        Interlocked.Increment(ref _count);
        while (Volatile.Read(ref _count) > Capacity && _order.TryDequeue(out var oldest))
        {
            if (_byId.TryRemove(oldest, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    public RequestRecord? Find(long id) => _byId.TryGetValue(id, out var record) ? record : null;

    public IReadOnlyList<RequestRecord> Latest(int count) =>
        _byId.Values.OrderByDescending(r => r.Id).Take(count).ToList();
}
