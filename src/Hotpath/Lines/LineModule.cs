using System.Globalization;
using System.Reflection;

namespace Hotpath.Lines;

/// <summary>An instrumented module: its method table (parsed from the rewriter's metadata) and its live counters.</summary>
internal sealed class LineModule
{
    private const string Header = "hotpath-lines 1";

    private LineModule(Assembly? assembly, IReadOnlyList<LineMethodInfo> methods, long[] hits, long[] times, long[] functions)
    {
        Assembly = assembly;
        Methods = methods;
        Hits = hits;
        Times = times;
        Functions = functions;
    }

    public Assembly? Assembly { get; }

    /// <summary>The module's simple name.</summary>
    public string Name => Assembly?.GetName().Name ?? "?";

    public IReadOnlyList<LineMethodInfo> Methods { get; }

    public long[] Hits { get; }

    public long[] Times { get; }

    /// <summary>Own and total ticks of each timed function, in pairs.</summary>
    public long[] Functions { get; }

    /// <summary>
    /// Parses the rewriter's metadata (docs/lines.md): a header line <c>hotpath-lines 1\t{slots}\t{timed}</c>, then one
    /// line per method: <c>{flags}\t{start}\t{timedSlot}\t{name}\t{file}\t{line,line,...}</c>. Null when the format is not this one.
    /// </summary>
    public static LineModule? Parse(Assembly? assembly, string metadata, long[] hits, long[] times, long[] functions)
    {
        var rows = metadata.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (rows.Length == 0 || !rows[0].StartsWith(Header + "\t", StringComparison.Ordinal))
        {
            return null;
        }

        var methods = new List<LineMethodInfo>(rows.Length - 1);
        for (var i = 1; i < rows.Length; i++)
        {
            var f = rows[i].Split('\t');
            if (f.Length != 6)
            {
                return null;
            }

            var lines = f[5].Length == 0 ? [] : Array.ConvertAll(f[5].Split(','), s => int.Parse(s, CultureInfo.InvariantCulture));
            var start = int.Parse(f[1], CultureInfo.InvariantCulture);
            var timedSlot = int.Parse(f[2], CultureInfo.InvariantCulture);
            if (start < 0 || start + lines.Length >= hits.Length + 1 || (timedSlot >= 0 && (2 * timedSlot) + 1 >= functions.Length))
            {
                return null;
            }

            methods.Add(new LineMethodInfo((LineMethodFlags)int.Parse(f[0], CultureInfo.InvariantCulture), start, timedSlot, f[3], f[4], lines));
        }

        return new LineModule(assembly, methods, hits, times, functions);
    }
}
