using System.Globalization;
using System.Reflection;

namespace Hotpath.LineProfiler;

/// <summary>
/// Every instrumented module loaded in this process, published through one <see cref="AppContext"/> data slot so that
/// readers (Hotpath's UI and reports) need no reference to this assembly: the slot holds a
/// <c>Func&lt;IReadOnlyList&lt;(Assembly? Assembly, string Metadata, long[] Hits, long[] Times, long[] Functions)&gt;&gt;</c>
/// of BCL types only, and <c>Metadata</c> is the rewriter's versioned method table (<c>hotpath-lines 1</c>).
/// </summary>
internal static class LineRegistry
{
    /// <summary>The <see cref="AppContext"/> data name readers look the modules up by.</summary>
    public const string DataName = "Hotpath.LineProfiler.Modules";

    private const string Header = "hotpath-lines 1";
    private static readonly Lock Gate = new();
    private static (Assembly? Assembly, string Metadata, long[] Hits, long[] Times, long[] Functions)[] s_modules = [];
    private static int s_nextFunction;

    /// <summary>The instrumented modules registered so far.</summary>
    public static IReadOnlyList<(Assembly? Assembly, string Metadata, long[] Hits, long[] Times, long[] Functions)> Modules() => Volatile.Read(ref s_modules);

    /// <summary>Allocates a module's counters; returns them and the module's first global function id.</summary>
    public static (long[] Hits, long[] Times, long[] Functions, int FunctionBase) Register(Assembly? assembly, string metadata)
    {
        var end = metadata.IndexOf('\n', StringComparison.Ordinal);
        var head = (end < 0 ? metadata : metadata[..end]).Split('\t');
        if (head.Length != 3 || head[0] != Header
            || !int.TryParse(head[1], NumberStyles.None, CultureInfo.InvariantCulture, out var slots)
            || !int.TryParse(head[2], NumberStyles.None, CultureInfo.InvariantCulture, out var timed))
        {
            throw new InvalidOperationException("The line-profiler metadata has an unknown format: rebuild the application with the Hotpath.LineProfiler version it references.");
        }

        lock (Gate)
        {
            var module = (assembly, metadata, new long[slots], new long[slots], new long[2 * timed]);
            var first = s_nextFunction;
            s_nextFunction += timed;
            s_modules = [.. s_modules, module];
            if (AppContext.GetData(DataName) is null)
            {
                AppContext.SetData(DataName, (Func<IReadOnlyList<(Assembly? Assembly, string Metadata, long[] Hits, long[] Times, long[] Functions)>>)Modules);
            }

            return (module.Item3, module.Item4, module.Item5, first);
        }
    }
}
