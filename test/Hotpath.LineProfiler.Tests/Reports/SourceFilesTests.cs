using Hotpath.LineDemo;
using Hotpath.Lines;

namespace Hotpath.LineProfiler.Tests.Reports;

public sealed class SourceFilesTests
{
    private static readonly string DemoAssembly = typeof(Scenarios).Assembly.Location;

    [Fact]
    public void ReadLines_DocumentOfTheLoadedPdb_ReturnsItsText()
    {
        var sources = new SourceFiles([DemoAssembly]);
        var file = Assert.Single(sources.Known, f => f.EndsWith("Scenarios.cs", StringComparison.Ordinal));

        var lines = sources.ReadLines(file);

        Assert.NotNull(lines);
        Assert.Contains(lines, l => l.Contains("// line: loop-body", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadLines_FileOutsideThePdbDocuments_IsRefused()
    {
        var sources = new SourceFiles([DemoAssembly]);
        var scenarios = sources.Known.Single(f => f.EndsWith("Scenarios.cs", StringComparison.Ordinal));
        var dir = Path.GetDirectoryName(scenarios)!;
        var project = Path.Combine(dir, "Hotpath.LineDemo.csproj");
        Assert.True(File.Exists(project));

        foreach (var file in new[]
        {
            project,
            Path.Combine(dir, "..", "Hotpath.LineDemo", "Scenarios.cs"),
            dir + "/./Scenarios.cs",
            "/etc/passwd",
            "../../../../etc/passwd",
            "Scenarios.cs",
            scenarios.ToUpperInvariant(),
            string.Empty,
        })
        {
            Assert.False(sources.IsKnown(file), file);
            Assert.Null(sources.ReadLines(file));
        }
    }
}
