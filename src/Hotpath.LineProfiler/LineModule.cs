using System.Globalization;
using System.Reflection;

namespace Hotpath.LineProfiler;

/// <summary>An instrumented module: its method table (parsed from the rewriter's metadata) and its live counters.</summary>
internal sealed class LineModule
{
    private const string Header = "hotpath-lines 1";

    private LineModule(Assembly? assembly, IReadOnlyList<LineMethodInfo> methods, int slots, int timed, int functionBase)
    {
        Assembly = assembly;
        Methods = methods;
        Hits = new long[slots];
        Times = new long[slots];
        Functions = new long[2 * timed];
        FunctionBase = functionBase;
    }

    public Assembly? Assembly { get; }

    /// <summary>The module's simple name.</summary>
    public string Name => Assembly?.GetName().Name ?? "?";

    public IReadOnlyList<LineMethodInfo> Methods { get; }

    public long[] Hits { get; }

    public long[] Times { get; }

    /// <summary>Own and total ticks of each timed function, in pairs.</summary>
    public long[] Functions { get; }

    public int FunctionBase { get; }

    /// <summary>
    /// Parses the rewriter's metadata: a header line <c>hotpath-lines 1\t{slots}\t{timed}</c>, then one line per method:
    /// <c>{flags}\t{start}\t{timedSlot}\t{name}\t{file}\t{line,line,...}</c>.
    /// </summary>
    public static LineModule Parse(Assembly? assembly, string metadata, int functionBase)
    {
        var rows = metadata.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var head = rows.Length > 0 ? rows[0].Split('\t') : [];
        if (head.Length != 3 || head[0] != Header)
        {
            throw new FormatException("The line-profiler metadata has an unknown format; rebuild the application with the same Hotpath.LineProfiler version it references.");
        }

        var methods = new List<LineMethodInfo>(rows.Length - 1);
        for (var i = 1; i < rows.Length; i++)
        {
            var f = rows[i].Split('\t');
            var lines = f[5].Length == 0 ? [] : Array.ConvertAll(f[5].Split(','), s => int.Parse(s, CultureInfo.InvariantCulture));
            methods.Add(new LineMethodInfo((LineMethodFlags)int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), f[3], f[4], lines));
        }

        return new LineModule(assembly, methods, int.Parse(head[1], CultureInfo.InvariantCulture), int.Parse(head[2], CultureInfo.InvariantCulture), functionBase);
    }
}
