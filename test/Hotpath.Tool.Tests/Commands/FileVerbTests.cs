using System.Text.Json;
using Hotpath.Storage;
using Hotpath.Tool.Tests.Infrastructure;

namespace Hotpath.Tool.Tests.Commands;

/// <summary>report, convert and diff on saved files, and every way their input can be wrong.</summary>
public sealed class FileVerbTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Report_KnownProfile_PrintsFunctionsSortedBySelfWithTime()
    {
        var file = Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), "known.json");

        var (code, output, error) = await Cli.RunAsync("report", file, "--scope", "process");

        Assert.Equal(0, code);
        Assert.Empty(error);
        var rows = Rows(output);
        Assert.StartsWith("500.0  54.35%", rows[0].Trim(), StringComparison.Ordinal);
        Assert.Contains(Hotpath.Symbols.DisplayNames.Of(TestProfiles.Hash), rows[0], StringComparison.Ordinal);
        Assert.Contains("/src/App/Crypto.cs:60", rows[0], StringComparison.Ordinal);
        Assert.Contains(Hotpath.Symbols.DisplayNames.Of(TestProfiles.Parse), rows[1], StringComparison.Ordinal);
        Assert.Contains("92 samples x 10 ms", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_SortTotalLimitAndFilter_AppliesThem()
    {
        var file = Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), "known.json");

        var (_, byTotal, _) = await Cli.RunAsync("report", file, "--sort", "total", "-n", "2", "--scope", "process");
        var (_, filtered, _) = await Cli.RunAsync("report", file, "-f", "json|crypto", "--scope", "process");

        Assert.Contains(Hotpath.Symbols.DisplayNames.Of(TestProfiles.Main), Rows(byTotal)[0], StringComparison.Ordinal);
        Assert.Equal(2, Rows(byTotal).Count);
        Assert.Contains("... 3 more", byTotal, StringComparison.Ordinal);
        Assert.Equal(2, Rows(filtered).Count);
        Assert.All(Rows(filtered), r => Assert.True(r.Contains("Json", StringComparison.Ordinal) || r.Contains("Crypto", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Report_Lines_SaysWhenThereIsNoLineData()
    {
        var file = Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), "known.json");

        var (code, output, _) = await Cli.RunAsync("report", file, "--lines");

        Assert.Equal(0, code);
        Assert.Contains("No line data", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_EachFormat_WritesAFileItsReaderAccepts()
    {
        var file = Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), "known.json");

        var speedscope = await Cli.RunAsync("convert", file, "--to", "speedscope");
        var pprof = await Cli.RunAsync("convert", file, "--to", "pprof", "-o", _temp.File("out.pb.gz"));
        var collapsed = await Cli.RunAsync("convert", file, "-t", "collapsed", "--scope", "process", "-o", "-");

        Assert.Equal((0, 0, 0), (speedscope.Code, pprof.Code, collapsed.Code));
        using var json = JsonDocument.Parse(File.ReadAllText(_temp.File("known.speedscope.json")));
        Assert.Equal(2, json.RootElement.GetProperty("profiles").GetArrayLength());
        var decoded = Export.PprofExporterTests.Decode(File.ReadAllBytes(_temp.File("out.pb.gz")));
        Assert.Equal(46, decoded.Sample.Sum(s => s.Value[0]));
        Assert.Contains($"{TestProfiles.Main.DisplayName};{TestProfiles.Handle.DisplayName};{TestProfiles.Hash.DisplayName} 50", collapsed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_TwoKnownProfiles_ListsGrowthAndShrinkSortedByChange()
    {
        // A: hash 50 of 92 (54.35%), parse 30 (32.61%). B: hash 5 of 87 (5.75%), parse 70 (80.46%); the rest moves < 1 point.
        var a = Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), "a.json");
        var b = Save(TestProfiles.Build(parse: 70, hash: 5, alloc: 10), "b.json");

        var (code, output, _) = await Cli.RunAsync("diff", a, b, "--scope", "process", "--threshold", "1");

        Assert.Equal(0, code);
        var rows = Rows(output);
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("-48.60", rows[0].Trim(), StringComparison.Ordinal);
        Assert.Contains(Hotpath.Symbols.DisplayNames.Of(TestProfiles.Hash), rows[0], StringComparison.Ordinal);
        Assert.StartsWith("+47.85", rows[1].Trim(), StringComparison.Ordinal);
        Assert.Contains(Hotpath.Symbols.DisplayNames.Of(TestProfiles.Parse), rows[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("empty", "is empty")]
    [InlineData("truncated", "invalid JSON")]
    [InlineData("wrong-format", "not a Hotpath profile")]
    [InlineData("corrupt", "'")]
    [InlineData("directory", "is a directory")]
    public async Task EveryVerb_BadFile_ExitsTwoWithOneLine(string kind, string expected)
    {
        var good = Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), "good.json");
        var bad = _temp.File(kind + ".json");
        switch (kind)
        {
            case "empty":
                File.WriteAllText(bad, string.Empty);
                break;
            case "truncated":
                var text = File.ReadAllText(good);
                File.WriteAllText(bad, text[..(text.Length / 2)]);
                break;
            case "wrong-format":
                File.WriteAllText(bad, """{"traceEvents":[]}""");
                break;
            case "corrupt":
                // Valid JSON, a node pointing at a frame that does not exist.
                File.WriteAllText(bad, File.ReadAllText(good).Replace("\"nodeFrame\":[-1,0,", "\"nodeFrame\":[-1,99,", StringComparison.Ordinal));
                break;
            case "directory":
                Directory.CreateDirectory(bad);
                break;
        }

        foreach (var args in new[] { new[] { "report", bad }, ["convert", bad, "--to", "pprof"], ["diff", good, bad], ["serve", bad] })
        {
            var (code, output, error) = await Cli.RunAsync(args);
            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("report", "FILE", "--sort", "biggest")]
    [InlineData("report", "FILE", "--limit", "-3")]
    [InlineData("report", "FILE", "--filter", "(unclosed")]
    [InlineData("convert", "FILE", "--to", "svg")]
    [InlineData("convert", "FILE")]
    [InlineData("diff", "FILE", "FILE", "--threshold", "lots")]
    [InlineData("serve", "FILE", "--port", "70000")]
    [InlineData("record", "--pid", "1", "--duration", "soon", "-o", "x.json")]
    [InlineData("report", "FILE", "--no-such-option")]
    [InlineData("frobnicate")]
    public async Task BadOption_ExitsTwoWithOneLine(params string[] args)
    {
        var file = Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), "good.json");

        var (code, output, error) = await Cli.RunAsync(args.Select(a => a == "FILE" ? file : a).ToArray());

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("dotnet-hotpath: ", error, StringComparison.Ordinal);
    }

    private string Save(Hotpath.Model.ProfileSnapshot snapshot, string name)
    {
        var path = _temp.File(name);
        ProfileFile.Save(snapshot, path);
        return path;
    }

    // Table rows: lines that start with a number, after the header.
    private static List<string> Rows(string output) =>
        output.Split('\n').SkipWhile(l => !l.Contains("function", StringComparison.Ordinal) || !l.TrimStart().StartsWith("self", StringComparison.Ordinal) && !l.TrimStart().StartsWith("change", StringComparison.Ordinal))
            .Skip(1).Where(l => l.Trim().Length > 0 && !l.StartsWith("...", StringComparison.Ordinal)).ToList();
}
