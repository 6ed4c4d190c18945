namespace Hotpath.Symbols;

/// <summary>
/// The code ranges of JIT-compiled methods, from the runtime's MethodLoadVerbose events (and their rundown for methods
/// compiled before the session). With W^X on, the start addresses these events give are the execute alias the CPU
/// runs, i.e. what a sampled instruction pointer holds. A later range for the same address (re-JIT, a new tier) wins.
/// </summary>
internal sealed class JitCodeMap
{
    private readonly List<JitMethod> _pending = new();
    private JitMethod[] _sorted = [];

    /// <summary>Bumps whenever methods are added, so callers can tell that a previous miss might now resolve.</summary>
    public int Version { get; private set; }

    public int Count => _sorted.Length + _pending.Count;

    public void Add(JitMethod method)
    {
        if (method.Start == 0 || method.Size == 0)
        {
            return;
        }

        _pending.Add(method);
        Version++;
    }

    /// <summary>The method whose code holds <paramref name="address"/>, or null.</summary>
    public JitMethod? Find(ulong address)
    {
        if (_pending.Count > 0)
        {
            Merge();
        }

        var sorted = _sorted;
        int lo = 0, hi = sorted.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].Start <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // Ranges do not overlap after Merge, so only the nearest start at or below the address can hold it.
        return found >= 0 && address - sorted[found].Start < sorted[found].Size ? sorted[found] : null;
    }

    private void Merge()
    {
        // Newest first within equal starts, so the stable sort followed by de-duplication keeps the latest method.
        var all = new List<JitMethod>(_sorted.Length + _pending.Count);
        all.AddRange(_sorted);
        all.AddRange(_pending);
        _pending.Clear();
        var order = Enumerable.Range(0, all.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = all[a].Start.CompareTo(all[b].Start);
            return c != 0 ? c : b.CompareTo(a);
        });

        var merged = new List<JitMethod>(all.Count);
        foreach (var i in order)
        {
            var method = all[i];
            if (merged.Count > 0 && merged[^1].Start == method.Start)
            {
                continue;
            }

            // A newer method that starts inside an older one's range replaces the overlapping tail of the old one.
            if (merged.Count > 0 && merged[^1].Start + merged[^1].Size > method.Start)
            {
                var previous = merged[^1];
                merged[^1] = previous with { Size = (uint)(method.Start - previous.Start) };
            }

            merged.Add(method);
        }

        _sorted = merged.ToArray();
    }
}
