using Hotpath.Lines;

namespace Hotpath.LineProfiler.Tests.Reports;

public sealed class LineTextReportTests
{
    [Fact]
    public void Write_TimedAndSampledFunctions_MatchesTheDocumentedFormat()
    {
        var timed = new LineFunction
        {
            Module = "App",
            Name = "App.Catalog.Search",
            File = "/src/App/Catalog.cs",
            Calls = 3,
            TotalMs = 1234.5678,
            Timed = true,
            Rows = [new(10, 3, 0.013, null, "    {"), new(11, null, null, null, "        // note"), new(12, 3000, 1234.5, null, "        Work();")],
        };
        var sampled = new LineFunction
        {
            Module = "App",
            Name = "App.Hot.Loop",
            File = "/src/App/Hot.cs",
            Calls = null,
            Sampled = true,
            Rows = [new(5, null, null, 42, "x++;")],
        };
        var text = new StringWriter();

        LineTextReport.Write(text, [timed, sampled]);

        const string expected =
            "Time unit: 1e-06 [sec]\n" +
            "\n" +
            "File: /src/App/Catalog.cs\n" +
            "Name: App.Catalog.Search\n" +
            "Total time: 1.234568 [sec]\n" +
            "Calls: 3\n" +
            "  Line      Hits         Time  Code\n" +
            "===================================\n" +
            "    10         3           13      {\n" +
            "    11                                 // note\n" +
            "    12      3000      1234500          Work();\n" +
            "\n" +
            "File: /src/App/Hot.cs\n" +
            "Name: App.Hot.Loop\n" +
            "Total time: not timed\n" +
            "Calls: not instrumented\n" +
            "  Line      Hits         Time   Sampled  Code\n" +
            "=============================================\n" +
            "     5                               42  x++;\n";
        Assert.Equal(expected, text.ToString());
    }

    [Theory]
    [InlineData("(a+)+$")]
    [InlineData("(x*)*y")]
    public void Query_HostilePattern_RunsInLinearTime(string pattern)
    {
        var query = LineQuery.Parse(pattern, null, null, out var error);
        Assert.Null(error);
        var victim = new LineFunction { Module = "m", Name = new string('a', 50_000) + "!", File = "f" };
        var started = System.Diagnostics.Stopwatch.StartNew();

        query!.Apply([victim]);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData("(a)\\1", null, null, "function")]
    [InlineData(null, "(?=x)", null, "file")]
    [InlineData(null, null, "0", "top")]
    [InlineData("[", null, null, "function")]
    public void Query_BadInput_SaysWhatToChange(string? function, string? file, string? top, string names)
    {
        Assert.Null(LineQuery.Parse(function, file, top, out var error));
        Assert.StartsWith(names, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_FiltersByNameAndFileAndTopSortedByTotalTime()
    {
        LineFunction F(string name, string file, double? ms) => new() { Module = "m", Name = name, File = file, TotalMs = ms, Rows = [new(1, 1, null, null, null)] };
        var query = LineQuery.Parse("Catalog", "\\.cs$", "2", out _)!;

        var result = query.Apply([F("A.Catalog.Slow", "a.cs", 50), F("A.Catalog.Fast", "a.cs", 1), F("A.Catalog.Mid", "a.cs", 10), F("A.Catalog.Other", "a.vb", 99), F("A.Cart.Big", "a.cs", 500)]);

        Assert.Equal(["A.Catalog.Slow", "A.Catalog.Mid"], result.Select(f => f.Name));
    }
}
