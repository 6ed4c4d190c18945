namespace Hotpath.Lines;

/// <summary>Fills each function's table with every line from its first to its last instrumented or sampled line, with code.</summary>
internal static class LineSourceFill
{
    private const int MaxSpan = 2000;

    public static void Fill(IEnumerable<LineFunction> functions, SourceFiles sources)
    {
        var cache = new Dictionary<string, string[]?>(StringComparer.Ordinal);
        foreach (var f in functions)
        {
            if (f.Rows.Count == 0)
            {
                continue;
            }

            if (!cache.TryGetValue(f.File, out var text))
            {
                text = sources.ReadLines(f.File);
                cache[f.File] = text;
            }

            var byLine = f.Rows.ToDictionary(r => r.Line);
            var first = f.Rows.Min(r => r.Line);
            var last = Math.Min(f.Rows.Max(r => r.Line), first + MaxSpan);
            var rows = new List<LineRow>(last - first + 1);
            for (var line = first; line <= last; line++)
            {
                var code = text is not null && line >= 1 && line <= text.Length ? text[line - 1].TrimEnd() : null;
                rows.Add(byLine.TryGetValue(line, out var r) ? r with { Code = code } : new LineRow(line, null, null, null, code));
            }

            f.Rows = rows;
        }
    }
}
