using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hotpath.LineProfiler.Build;

/// <summary>
/// MSBuild task: rewrites the compiled assembly (in obj/) and its portable PDB with line probes, in a folder of its own
/// first, then over the compiler's output, so every later step (copy to output, publish, ReadyToRun) sees the rewritten IL.
/// </summary>
public sealed class InstrumentLines : Microsoft.Build.Utilities.Task
{
    /// <summary>The compiler's output assembly (<c>@(IntermediateAssembly)</c>).</summary>
    [Required]
    public string Assembly { get; set; } = string.Empty;

    /// <summary>The compiler's PDB, or empty when the PDB is embedded.</summary>
    public string? Pdb { get; set; }

    /// <summary>A folder for the rewritten files (under obj/).</summary>
    [Required]
    public string WorkDirectory { get; set; } = string.Empty;

    /// <summary>The resolved references (<c>@(ReferencePath)</c>): the runtime assembly is found among them.</summary>
    public ITaskItem[] References { get; set; } = [];

    /// <summary>A regular expression over <c>Namespace.Type.Method</c>: matching methods get line times.</summary>
    public string? Timing { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var runtime = References.Select(r => r.ItemSpec).FirstOrDefault(p => string.Equals(Path.GetFileName(p), "Hotpath.LineProfiler.dll", StringComparison.OrdinalIgnoreCase));
        if (runtime is null)
        {
            Log.LogError(null, "HPL001", null, null, 0, 0, 0, 0, "HotpathLineProfile is true but Hotpath.LineProfiler.dll is not among the references: add a PackageReference to Hotpath.LineProfiler.");
            return false;
        }

        Regex? timing = null;
        if (!string.IsNullOrWhiteSpace(Timing))
        {
            try
            {
                timing = new Regex(Timing, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                Log.LogError(null, "HPL002", null, null, 0, 0, 0, 0, $"HotpathLineTiming is not a valid regular expression: {e.Message}");
                return false;
            }
        }

        var dirs = References.Select(r => Path.GetDirectoryName(r.ItemSpec)).Where(d => !string.IsNullOrEmpty(d)).Select(d => d!);
        RewriteResult result;
        try
        {
            result = LineRewriter.Rewrite(Assembly, WorkDirectory, runtime, timing, dirs);
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException or NotSupportedException)
        {
            Log.LogError(null, "HPL003", null, null, 0, 0, 0, 0, $"Hotpath.LineProfiler could not rewrite {Assembly}: {e.Message}");
            return false;
        }

        switch (result.Outcome)
        {
            case RewriteOutcome.AlreadyInstrumented:
                Log.LogMessage(MessageImportance.Low, $"Hotpath.LineProfiler: {Assembly} is already instrumented.");
                return true;
            case RewriteOutcome.NoSymbols:
                Log.LogWarning(null, "HPL004", null, null, 0, 0, 0, 0, $"Hotpath.LineProfiler: {Assembly} has no portable PDB (set DebugType to portable or embedded); it was not instrumented.");
                return true;
        }

        var name = Path.GetFileName(Assembly);
        File.Copy(Path.Combine(WorkDirectory, name), Assembly, overwrite: true);
        if (!result.EmbeddedPdb && !string.IsNullOrEmpty(Pdb))
        {
            File.Copy(Path.Combine(WorkDirectory, Path.ChangeExtension(name, ".pdb")), Pdb, overwrite: true);
        }

        Log.LogMessage(MessageImportance.Normal, $"Hotpath.LineProfiler: instrumented {result.Methods} methods, {result.Points} lines, {result.Timed} timed, in {name}.");
        return true;
    }
}
