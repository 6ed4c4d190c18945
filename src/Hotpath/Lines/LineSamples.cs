namespace Hotpath.Lines;

/// <summary>Adds the sampled lines (<see cref="SampledLines"/>) to the instrumented line tables.</summary>
internal static class LineSamples
{
    public static void Merge(List<LineFunction> functions, IEnumerable<(string Module, string ModulePath, string Name, string File, int Line, long Samples)> samples)
    {
        var byKey = functions.ToDictionary(f => (f.Module, f.Name, f.File));
        foreach (var group in samples.GroupBy(s => (s.Module, s.Name, s.File)))
        {
            if (!byKey.TryGetValue(group.Key, out var f))
            {
                f = new LineFunction { Module = group.Key.Module, Name = group.Key.Name, File = group.Key.File, Calls = null };
                byKey[group.Key] = f;
                functions.Add(f);
            }

            f.Sampled = true;
            var rows = f.Rows.ToDictionary(r => r.Line);
            foreach (var s in group)
            {
                rows[s.Line] = rows.TryGetValue(s.Line, out var r) ? r with { Samples = (r.Samples ?? 0) + s.Samples } : new LineRow(s.Line, null, null, s.Samples, null);
            }

            f.Rows = [.. rows.Values.OrderBy(r => r.Line)];
        }
    }
}
