using Hotpath.Lines;

namespace Hotpath.AspNetCore.Lines;

/// <summary>
/// The line tables the API, the text export and the line reports show: exact hits and times from the instrumented
/// modules (found through Hotpath.LineProfiler's AppContext slot), with source text only from the documents of the loaded PDBs.
/// </summary>
internal static class LineData
{
    /// <summary>The functions <paramref name="query"/> selects, filled with their source lines.</summary>
    public static List<LineFunction> Select(LineQuery query, LineSnapshot? snapshot = null)
    {
        var functions = query.Apply(LineTable.Collect(snapshot ?? LineSnapshot.Take()));
        LineSourceFill.Fill(functions, Sources());
        return functions;
    }

    /// <summary>The source files that may be read: the documents of the instrumented modules' PDBs.</summary>
    public static SourceFiles Sources() =>
        new(InstrumentedModules.Current().Select(m => m.Assembly?.Location).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!));
}
