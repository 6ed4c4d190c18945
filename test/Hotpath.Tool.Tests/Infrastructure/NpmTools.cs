using System.Diagnostics;

namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>
/// npm's <c>speedscope</c> viewer and <c>pprof-format</c> decoder, installed once into a folder under the temp
/// directory (never into the repository), pinned to the versions these tests were written against.
/// </summary>
internal static class NpmTools
{
    public const string Speedscope = "speedscope@1.25.0";
    public const string PprofFormat = "pprof-format@2.3.2";
    private static readonly object Gate = new();

    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "hotpath-test-npm-tools");

    public static string SpeedscopeRelease => Path.Combine(Folder, "node_modules", "speedscope", "dist", "release");

    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (File.Exists(Path.Combine(SpeedscopeRelease, "index.html")) && Directory.Exists(Path.Combine(Folder, "node_modules", "pprof-format")))
            {
                return;
            }

            Directory.CreateDirectory(Folder);
            var (code, output) = Run("npm", Folder, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", Folder, Speedscope, PprofFormat);
            Assert.True(code == 0, $"npm install failed ({code}): {output}");
        }
    }

    /// <summary>Runs a node script (given as text) in the tools folder, so it can require the installed packages.</summary>
    public static string Node(string script, params string[] args)
    {
        EnsureInstalled();
        var file = Path.Combine(Folder, $"script-{Guid.NewGuid():N}.cjs");
        File.WriteAllText(file, script);
        try
        {
            var (code, output) = Run("node", Folder, [file, .. args]);
            Assert.True(code == 0, $"node failed ({code}): {output}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int Code, string Output) Run(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(180_000), $"{program} did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
