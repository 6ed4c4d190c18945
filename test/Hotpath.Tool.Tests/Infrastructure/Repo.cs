namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>Where the repository and the built tool, attach assembly and sample are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the configuration this test assembly was built in (the sample is built with it).</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>The tool's main assembly, beside this test assembly (the project reference copies it and its dependencies).</summary>
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "Hotpath.Tool.dll");

    public static string PlainAppDll => Path.Combine(Root, "samples", "PlainApp", "bin", Configuration, "net10.0", "PlainApp.dll");

    public static string OutputFolder
    {
        get
        {
            var folder = Path.Combine(Root, "test-output");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    private static string FindRoot()
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
