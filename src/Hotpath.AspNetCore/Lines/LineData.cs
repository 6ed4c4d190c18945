using Hotpath.Lines;

namespace Hotpath.AspNetCore.Lines;

/// <summary>
/// The line tables the API, the text export and the line reports show: exact hits and times from the instrumented
/// modules (found through Hotpath.LineProfiler's AppContext slot) plus the sampler's per-line samples, with source text
/// only from the documents of those modules' PDBs.
/// </summary>
internal static class LineData
{
    /// <summary>The functions <paramref name="query"/> selects, filled with their source lines.</summary>
    /// <param name="query">The filters.</param>
    /// <param name="snapshot">Counters to report (a per-request difference), or null for the live ones plus samples.</param>
    public static List<LineFunction> Select(LineQuery query, LineSnapshot? snapshot = null)
    {
        var all = LineTable.Collect(snapshot ?? LineSnapshot.Take());
        var samples = snapshot is null ? SampledLines.Snapshot() : [];
        LineSamples.Merge(all, samples);
        var functions = query.Apply(all);
        LineSourceFill.Fill(functions, Sources(samples.Select(s => s.ModulePath)));
        return functions;
    }

    /// <summary>The source files that may be read: the documents of the instrumented and sampled modules' PDBs.</summary>
    public static SourceFiles Sources(IEnumerable<string>? sampledModules = null) =>
        new(InstrumentedModules.Current().Select(m => m.Assembly?.Location).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!)
            .Concat(sampledModules ?? SampledLines.Snapshot().Select(s => s.ModulePath)));
}
