using System.Diagnostics;
using System.Security.Cryptography;

namespace Hotpath.LineProfiler.Tests.Build;

/// <summary>Runs the dotnet CLI and finds the repository's build outputs.</summary>
internal static class Dotnet
{
    public static string Repo { get; } = FindRepo();

    public static string Configuration =>
        AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string TaskAssembly => Path.Combine(Repo, "src", "Hotpath.LineProfiler.Build", "bin", Configuration, "net10.0", "Hotpath.LineProfiler.Build.dll");

    public static string RuntimeAssembly => Path.Combine(Repo, "src", "Hotpath.LineProfiler", "bin", Configuration, "net10.0", "Hotpath.LineProfiler.dll");

    public static string BuildDir => Path.Combine(Repo, "src", "Hotpath.LineProfiler", "build");

    /// <summary>Runs <c>dotnet args</c> in <paramref name="directory"/>; returns exit code and combined output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static async Task<string> OkAsync(string directory, params string[] args)
    {
        var (code, output) = await RunAsync(directory, args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }

    public static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotpath.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Hotpath.slnx not found above " + AppContext.BaseDirectory);
    }
}
