namespace Hotpath.Lines;

/// <summary>A copy of every instrumented module's counters at one moment (per-request reports subtract two).</summary>
internal sealed class LineSnapshot
{
    private LineSnapshot(IReadOnlyList<(LineModule Module, long[] Hits, long[] Times, long[] Functions)> modules) => Modules = modules;

    public IReadOnlyList<(LineModule Module, long[] Hits, long[] Times, long[] Functions)> Modules { get; }

    public static LineSnapshot Take() =>
        new([.. InstrumentedModules.Current().Select(m => (m, (long[])m.Hits.Clone(), (long[])m.Times.Clone(), (long[])m.Functions.Clone()))]);

    /// <summary>This snapshot minus an earlier one (modules loaded in between count from zero).</summary>
    public LineSnapshot Minus(LineSnapshot earlier)
    {
        var before = earlier.Modules.ToDictionary(m => m.Module);
        return new([.. Modules.Select(m => before.TryGetValue(m.Module, out var b)
            ? (m.Module, Subtract(m.Hits, b.Hits), Subtract(m.Times, b.Times), Subtract(m.Functions, b.Functions))
            : m)]);
    }

    private static long[] Subtract(long[] a, long[] b)
    {
        var r = new long[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            r[i] = a[i] - (i < b.Length ? b[i] : 0);
        }

        return r;
    }
}
