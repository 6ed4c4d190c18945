using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Hotpath.Benchmarks;

/// <summary>
/// Runs the micro-benchmarks, e.g. <c>dotnet run -c Release --project bench/Hotpath.Benchmarks -- --filter '*'</c>, or a
/// quick pass with <c>--filter '*' --job short</c>. The end-to-end overhead benchmark is <c>bench/overhead.sh</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // Keep results next to the project rather than in whatever folder the command ran from (--artifacts overrides).
        var config = DefaultConfig.Instance;
        if (FindProjectDirectory() is { } project)
        {
            config = config.WithArtifactsPath(Path.Combine(project, "BenchmarkDotNet.Artifacts"));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }

    private static string? FindProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotpath.Benchmarks.csproj")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
