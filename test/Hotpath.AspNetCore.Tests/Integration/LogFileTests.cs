using System.Net;
using System.Text.Json;
using Hotpath.Analysis;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Hotpath.Model;
using Hotpath.Storage;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

[Collection(DemoCollection.Name)]
public sealed class LogFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hotpath-logfile-");

    private string LogFile => Path.Combine(_folder.FullName, "profile.hotpath.json");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task LogFile_AtGracefulShutdown_IsWrittenWithTheSameHotFunctions()
    {
        await using var app = await DemoApp.StartAsync(output, new Dictionary<string, string?> { ["Hotpath__LogFile"] = LogFile });
        await app.BurstAsync();
        await app.WaitForFunctionsAsync(r => r.Totals.RequestSamples >= 30, "at least 30 request samples");
        var apiTop3 = (await app.GetFunctionsAsync("scope=requests&sort=self&limit=3")).Functions.Select(f => f.Name).ToList();
        Assert.False(File.Exists(LogFile), "The log file was written before shutdown.");

        var exitCode = await app.StopGracefullyAsync();

        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(LogFile), $"No profile at {LogFile} after shutdown.");
        var snapshot = ProfileFile.Load(LogFile);
        var fileTop3 = FunctionTable.Compute(snapshot, ProfileScope.Requests)
            .OrderByDescending(r => r.Self)
            .Take(3)
            .Select(r => r.Frame.Name)
            .ToList();
        Assert.StartsWith(DemoApp.HotFunction, fileTop3[0], StringComparison.Ordinal);
        Assert.True(fileTop3.Intersect(apiTop3).Any(), $"file top 3 [{string.Join(", ", fileTop3)}] share nothing with the API's [{string.Join(", ", apiTop3)}]");
        Assert.True(snapshot.Totals.RequestSamples >= 30, $"the file holds {snapshot.Totals.RequestSamples} request samples");
        Assert.Contains("Hotpath wrote the profile", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogFile_AppRestarted_KeepsTheEarlierRunsProfile()
    {
        // First run: written at shutdown.
        await using (var first = await DemoApp.StartAsync(output, new Dictionary<string, string?> { ["Hotpath__LogFile"] = LogFile }))
        {
            await first.BurstAsync(5);
            Assert.Equal(0, await first.StopGracefullyAsync());
        }

        var firstBytes = File.ReadAllBytes(LogFile);
        var firstStart = ProfileFile.Load(LogFile).StartedAt;

        // Second run, same LogFile: it must not replace the first run's profile.
        await using (var second = await DemoApp.StartAsync(output, new Dictionary<string, string?> { ["Hotpath__LogFile"] = LogFile }))
        {
            await second.BurstAsync(5);
            Assert.Equal(0, await second.StopGracefullyAsync());
            Assert.Contains("kept the earlier profile", second.Output, StringComparison.Ordinal);
        }

        var files = _folder.GetFiles("*.json").Select(f => f.FullName).ToList();
        Assert.Equal(2, files.Count);
        var kept = Assert.Single(files, f => f != LogFile);
        Assert.Equal(firstBytes, File.ReadAllBytes(kept));
        Assert.Equal(firstStart, ProfileFile.Load(kept).StartedAt);
        Assert.True(ProfileFile.Load(LogFile).StartedAt > firstStart, "the log file does not hold the second run's profile");
    }

    [Fact]
    public async Task Flush_WithAntiforgeryToken_WritesTheProfileWhileRunning()
    {
        await using var app = await DemoApp.StartAsync(output, new Dictionary<string, string?>
        {
            ["Hotpath__LogFile"] = LogFile,
            ["Hotpath__FlushAtShutdown"] = "false",
        });
        await app.BurstAsync(20);
        await app.WaitForFunctionsAsync(r => r.Find(DemoApp.HotFunction) is not null, "CountPrimes in the requests scope");

        using var response = await app.PostWithAntiforgeryAsync(DemoApp.ProfilePath + "/api/flush");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(LogFile, json.RootElement.GetProperty("path").GetString());
        Assert.True(File.Exists(LogFile), $"flush answered {body} but wrote no file");
        var snapshot = ProfileFile.Load(LogFile);
        Assert.Contains(FunctionTable.Compute(snapshot, ProfileScope.Requests), r => r.Frame.Name.StartsWith(DemoApp.HotFunction, StringComparison.Ordinal));
        Assert.Equal("running", (await app.GetFunctionsAsync()).Status.State);
    }

    [Fact]
    public async Task Flush_WithoutAntiforgeryToken_Returns400AndWritesNothing()
    {
        await using var app = await DemoApp.StartAsync(output, new Dictionary<string, string?>
        {
            ["Hotpath__LogFile"] = LogFile,
            ["Hotpath__FlushAtShutdown"] = "false",
        });
        await app.BurstAsync(2);

        using var response = await app.Client.PostAsync(DemoApp.ProfilePath + "/api/flush", content: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("anti-forgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(LogFile));
    }
}
