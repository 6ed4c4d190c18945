namespace Hotpath.Sampling;

/// <summary>
/// Names ReadyToRun (precompiled) code that the trace's own symbol tables miss. The runtime reports an R2R method's
/// entry point the first time it is looked up (the CompilationDiagnostic keyword); an unnamed address is given the
/// nearest entry point at or below it, within <see cref="MaxDistance"/>.
/// </summary>
internal sealed class ReadyToRunEntryPoints
{
    // Methods rarely span more than a few kilobytes; a bound keeps a far-away, unrelated entry from naming the address.
    internal const ulong MaxDistance = 16 * 1024;

    private readonly List<(ulong Address, string Name)> _pending = new();
    private (ulong Address, string Name)[] _sorted = [];

    /// <summary>Bumps whenever entries are added, so callers can tell that a previous miss might now resolve.</summary>
    public int Version { get; private set; }

    public int Count => _sorted.Length + _pending.Count;

    public void Add(ulong entryPoint, string name)
    {
        if (entryPoint == 0 || string.IsNullOrEmpty(name))
        {
            return;
        }

        _pending.Add((entryPoint, name));
        Version++;
    }

    public string? Find(ulong address)
    {
        if (_pending.Count > 0)
        {
            Merge();
        }

        var lo = 0;
        var hi = _sorted.Length - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid].Address <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && address - _sorted[found].Address < MaxDistance ? _sorted[found].Name : null;
    }

    private void Merge()
    {
        var merged = new (ulong Address, string Name)[_sorted.Length + _pending.Count];
        _sorted.CopyTo(merged, 0);
        _pending.CopyTo(merged, _sorted.Length);
        _pending.Clear();
        Array.Sort(merged, static (a, b) => a.Address.CompareTo(b.Address));
        _sorted = merged;
    }
}
