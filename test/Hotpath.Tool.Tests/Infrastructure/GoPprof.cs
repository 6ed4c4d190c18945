using System.Diagnostics;

namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>Debian's golang-go <c>go tool pprof</c>, the reference consumer of pprof files.</summary>
internal static class GoPprof
{
    public static string Top(string file)
    {
        var start = new ProcessStartInfo("go") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "tool", "pprof", "-top", "-nodecount=20", file })
        {
            start.ArgumentList.Add(a);
        }

        // A private cache so the test never depends on (or writes to) the user's Go setup.
        start.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "hotpath-test-gocache");
        start.Environment["PPROF_TMPDIR"] = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "go tool pprof did not finish");
        Assert.True(process.ExitCode == 0, $"go tool pprof failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>A name without its parameter list: pprof shortens some names by dropping it.</summary>
    public static string Comparable(string name)
    {
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? name : name[..paren];
    }

    /// <summary>The function names of the -top table, in its order (flat time, descending).</summary>
    public static IReadOnlyList<string> TopFunctions(string topOutput)
    {
        var rows = new List<string>();
        var inTable = false;
        foreach (var line in topOutput.Split('\n'))
        {
            if (line.TrimStart().StartsWith("flat ", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (inTable && line.Trim().Length > 0)
            {
                // flat flat% sum% cum cum% name — the name may contain spaces.
                var parts = line.Trim().Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                rows.Add(parts.Length == 6 ? parts[5].Trim() : string.Empty);
            }
        }

        return rows;
    }
}
