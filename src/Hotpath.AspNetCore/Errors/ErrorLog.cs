using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// The error log in memory: occurrences grouped by exception type and throw site, at most
/// <see cref="HotpathOptions.MaxOccurrencesPerGroup"/> kept per group (the count goes on) and at most
/// <see cref="HotpathOptions.MaxErrorGroups"/> groups (the least recently seen one makes room). With an
/// <see cref="HotpathOptions.ErrorStore"/> it starts with what the store kept.
/// </summary>
internal sealed class ErrorLog
{
    private readonly object _lock = new();
    private readonly Dictionary<string, GroupState> _groups = new(StringComparer.Ordinal);
    private readonly int _maxGroups;
    private readonly int _maxPerGroup;
    private long _nextId;
    private long _evictedGroups;

    public ErrorLog(IOptions<HotpathOptions> options)
    {
        _maxGroups = options.Value.MaxErrorGroups;
        _maxPerGroup = options.Value.MaxOccurrencesPerGroup;
    }

    /// <summary>Groups evicted to respect the groups cap.</summary>
    public long EvictedGroups => Interlocked.Read(ref _evictedGroups);

    /// <summary>A new occurrence id, unique in this log.</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(ErrorOccurrence occurrence)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        lock (_lock)
        {
            if (!_groups.TryGetValue(occurrence.GroupId, out var group))
            {
                MakeRoom();
                group = new GroupState(occurrence.GroupId, occurrence.Type, occurrence.Site, occurrence.At);
                _groups.Add(group.Id, group);
            }

            group.Add(occurrence, _maxPerGroup);
        }
    }

    /// <summary>Puts a group read from the store back (at start-up): its count and kept occurrences.</summary>
    public void Restore(ErrorGroup stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        lock (_lock)
        {
            if (_groups.ContainsKey(stored.Id))
            {
                return;
            }

            MakeRoom();
            var group = new GroupState(stored.Id, stored.Type, stored.Site, stored.FirstSeen);
            foreach (var occurrence in stored.Occurrences.Reverse().TakeLast(_maxPerGroup))
            {
                group.Add(occurrence, _maxPerGroup);
                _nextId = Math.Max(_nextId, occurrence.Id);
            }

            group.Restore(stored);
            _groups.Add(group.Id, group);
        }
    }

    /// <summary>Every group, most recently seen first, without occurrences.</summary>
    public IReadOnlyList<ErrorGroup> Groups()
    {
        lock (_lock)
        {
            return _groups.Values.Select(g => g.Snapshot(withOccurrences: false)).OrderByDescending(g => g.LastSeen).ToList();
        }
    }

    /// <summary>One group with its kept occurrences, or null.</summary>
    public ErrorGroup? Find(string id)
    {
        lock (_lock)
        {
            return _groups.TryGetValue(id, out var group) ? group.Snapshot(withOccurrences: true) : null;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _groups.Clear();
        }
    }

    private void MakeRoom()
    {
        while (_groups.Count >= _maxGroups)
        {
            var oldest = _groups.Values.MinBy(g => g.LastSeen)!;
            _groups.Remove(oldest.Id);
            _evictedGroups++;
        }
    }

    private sealed class GroupState(string id, string type, string site, DateTimeOffset firstSeen)
    {
        private readonly Queue<ErrorOccurrence> _kept = new();

        public string Id { get; } = id;

        public DateTimeOffset LastSeen { get; private set; } = firstSeen;

        private long Count { get; set; }

        private string Message { get; set; } = string.Empty;

        private string LastHandledBy { get; set; } = string.Empty;

        private DateTimeOffset FirstSeen { get; set; } = firstSeen;

        public void Add(ErrorOccurrence occurrence, int max)
        {
            Count++;
            if (occurrence.At >= LastSeen || Count == 1)
            {
                LastSeen = occurrence.At;
                Message = occurrence.Message;
                LastHandledBy = occurrence.HandledBy;
            }

            if (occurrence.At < FirstSeen)
            {
                FirstSeen = occurrence.At;
            }

            _kept.Enqueue(occurrence);
            while (_kept.Count > max)
            {
                _kept.Dequeue();
            }
        }

        public void Restore(ErrorGroup stored)
        {
            Count = Math.Max(Count, stored.Count);
            FirstSeen = stored.FirstSeen;
            LastSeen = stored.LastSeen;
            Message = stored.Message;
            LastHandledBy = stored.HandledBy;
        }

        public ErrorGroup Snapshot(bool withOccurrences) =>
            new(Id, type, Message, site, Count, FirstSeen, LastSeen, LastHandledBy, withOccurrences ? _kept.Reverse().ToList() : []);
    }
}
