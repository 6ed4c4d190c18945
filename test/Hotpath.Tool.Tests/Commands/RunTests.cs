using System.Text.Json;
using System.Text.RegularExpressions;
using Hotpath.Model;
using Hotpath.Storage;
using Hotpath.Symbols;
using Hotpath.Tool.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.Tool.Tests.Commands;

/// <summary><c>run</c> on samples/PlainApp, an ASP.NET Core app with no reference to Hotpath.</summary>
[Collection(ToolCollection.Name)]
public sealed partial class RunTests(ITestOutputHelper output) : IDisposable
{
    public const string HotFunction = "PlainApp.Spinner.CountCollatzSteps";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_UnmodifiedApp_ShowsItsHotMethodAndSavesTheProfileOnSigterm()
    {
        var saved = _temp.File("plain.json");
        using var tool = ChildProcess.Start(output, "dotnet", [Repo.ToolDll, "run", "-o", saved, "--", "dotnet", Repo.PlainAppDll]);
        var profileUrl = await tool.WaitForAsync(ProfileUrl(), TimeSpan.FromSeconds(60));
        var appUrl = profileUrl[..profileUrl.IndexOf("/__profile__/", StringComparison.Ordinal)];
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // The first request is discarded (warm-up); then bursts until the hot method tops the requests scope.
        string? top = null;
        for (var round = 0; round < 10 && top?.StartsWith(HotFunction, StringComparison.Ordinal) != true; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                await client.GetStringAsync(appUrl + "/spin?n=200000");
            }

            using var functions = JsonDocument.Parse(await client.GetStringAsync(profileUrl + "api/functions?scope=requests&limit=1"));
            var rows = functions.RootElement.GetProperty("functions");
            top = rows.GetArrayLength() > 0 ? rows[0].GetProperty("name").GetString() : null;
        }

        Assert.StartsWith(HotFunction, top, StringComparison.Ordinal);
        var page = await client.GetAsync(profileUrl);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);

        tool.Signal("TERM");
        Assert.Equal(0, await tool.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("profile saved to " + saved, tool.Log, StringComparison.Ordinal);

        // Round trip: the saved file → convert → go tool pprof names the same top function.
        var snapshot = ProfileFile.Load(saved);
        Assert.True(snapshot.Totals.RequestSamples > 10, $"only {snapshot.Totals.RequestSamples} request samples");
        Assert.Equal(10, snapshot.Totals.ConfiguredIntervalMs);
        var pprof = _temp.File("plain.pb.gz");
        var (code, _, error) = await Cli.RunAsync("convert", saved, "--to", "pprof", "--scope", "requests", "-o", pprof);
        Assert.True(code == 0, error);
        var goTop = GoPprof.TopFunctions(GoPprof.Top(pprof))[0];
        Assert.StartsWith(GoPprof.Comparable(DisplayNames.Format(HotFunction)), goTop, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AppExitsWithCode_ToolExitsWithTheSameCode()
    {
        using var tool = ChildProcess.Start(output, "dotnet", [Repo.ToolDll, "run", "--", "dotnet", Repo.PlainAppDll, "--exit-with", "7"]);

        Assert.Equal(7, await tool.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Run_CommandNotFound_ExitsTwoWithOneLine()
    {
        var (code, _, error) = await Cli.RunAsync("run", "--", _temp.File("no-such-program"));

        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("cannot start", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Hotpath: profile at (http://127\.0\.0\.1:\d+/__profile__/)")]
    private static partial Regex ProfileUrl();
}
