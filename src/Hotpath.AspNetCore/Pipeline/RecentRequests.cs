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

    public void Add(RequestRecord record)
    {
        if (!_byId.TryAdd(record.Id, record))
        {
            return;
        }

        _order.Enqueue(record.Id);
        while (_byId.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _byId.TryRemove(oldest, out _);
        }
    }

    public RequestRecord? Find(long id) => _byId.TryGetValue(id, out var record) ? record : null;

    public IReadOnlyList<RequestRecord> Latest(int count) =>
        _byId.Values.OrderByDescending(r => r.Id).Take(count).ToList();
}
