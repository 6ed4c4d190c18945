using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Hotpath.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Tests.Integration;

/// <summary>
/// What <see cref="HotpathOptions.LogFile"/> promises: an earlier run's profile is never replaced (it is kept under its
/// start time), flush says when nothing could be written and why, and an unwritable path stops start-up.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class LogFileSafetyTests : IDisposable
{
    private const string EarlierProfile = """
        {"format":"hotpath-profile","version":1,"startedAt":"2026-01-02T03:04:05+00:00","capturedAt":"2026-01-02T03:09:00+00:00",
         "totals":{"idleSamples":0,"mergedSamples":0,"discardedSamples":0,"ownSamples":0,"requests":7,"wallSpanMs":1000,"effectiveIntervalMs":10,"configuredIntervalMs":10},
         "frames":[{"name":"[other]","module":""},{"name":"Earlier.Run.Hot(int32)","module":"Earlier"}],
         "nodeParent":[-1,0],"nodeFrame":[-1,1],"processCounts":[0,91],"requestCounts":[0,91]}
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hotpath-logsafety-");

    private string LogFile => Path.Combine(_folder.FullName, "profile.hotpath.json");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Flush_EarlierRunsProfileAtLogFile_KeepsItUnderItsStartTime()
    {
        File.WriteAllText(LogFile, EarlierProfile);
        await using var app = await StartAsync(o => o.LogFile = LogFile);

        using var first = await PostAsync(app, "__profile__/api/flush");
        using var second = await PostAsync(app, "__profile__/api/flush");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var kept = Path.Combine(_folder.FullName, "profile.hotpath.20260102T030405Z.json");
        Assert.True(File.Exists(kept), $"the earlier profile was not kept; the folder holds {string.Join(", ", _folder.GetFiles().Select(f => f.Name))}");
        Assert.Equal(EarlierProfile, File.ReadAllText(kept));
        Assert.Contains(ProfileFile.Load(kept).Frames, f => f.Name == "Earlier.Run.Hot(int32)");
        Assert.DoesNotContain(ProfileFile.Load(LogFile).Frames, f => f.Name == "Earlier.Run.Hot(int32)");
        // Flushing the same accumulation again updates the file in place: no second copy.
        Assert.Equal(2, _folder.GetFiles("*.json").Length);
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(LogFile, body.RootElement.GetProperty("path").GetString());
        Assert.Equal(kept, body.RootElement.GetProperty("keptEarlierAs").GetString());
    }

    [Fact]
    public async Task Flush_AfterClear_KeepsTheProfileFlushedBeforeTheClear()
    {
        await using var app = await StartAsync(o => o.LogFile = LogFile);
        var host = app.App.Services.GetRequiredService<ProfilerHost>();

        using var first = await PostAsync(app, "__profile__/api/flush");
        var firstStart = ProfileFile.Load(LogFile).StartedAt;
        await Task.Delay(1100); // a profile started in another second
        using var clear = await PostAsync(app, "__profile__/api/clear");
        using var second = await PostAsync(app, "__profile__/api/flush");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var files = _folder.GetFiles("*.json").Select(f => f.FullName).Order().ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(files, f => f != LogFile && ProfileFile.Load(f).StartedAt == firstStart);
        Assert.NotEqual(firstStart, ProfileFile.Load(LogFile).StartedAt);
        Assert.NotNull(host);
    }

    [Fact]
    public async Task Flush_NoLogFileConfigured_Returns409SayingWhatToSet()
    {
        await using var app = await StartAsync(_ => { });

        using var response = await PostAsync(app, "__profile__/api/flush");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Hotpath:LogFile", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_WriteFails_Returns500WithTheReason()
    {
        var folder = Path.Combine(_folder.FullName, "profiles");
        var logFile = Path.Combine(folder, "profile.hotpath.json");
        await using var app = await StartAsync(o => o.LogFile = logFile);
        // After the start-up check passed, the folder is replaced by a file: no write can succeed (even as root).
        Directory.Delete(folder, recursive: true);
        File.WriteAllText(folder, "not a folder");

        using var response = await PostAsync(app, "__profile__/api/flush");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(logFile, json.RootElement.GetProperty("path").GetString());
        Assert.Contains(logFile, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_LogFileCannotBeWritten_FailsNamingThePathAndTheReason()
    {
        var blocker = Path.Combine(_folder.FullName, "blocker");
        File.WriteAllText(blocker, "a file where a folder would have to be");
        var logFile = Path.Combine(blocker, "profile.hotpath.json");
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.LogFile = logFile);
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Hotpath:LogFile", error.Message, StringComparison.Ordinal);
        Assert.Contains(logFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_LogFileIsAFolder_FailsNamingThePath()
    {
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.LogFile = _folder.FullName);
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(_folder.FullName, error.Message, StringComparison.Ordinal);
        Assert.Contains("folder", error.Message, StringComparison.Ordinal);
    }

    private static async Task<InProcessApp> StartAsync(Action<HotpathOptions> configure)
    {
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, configure);
        return await InProcessApp.StartAsync(InProcessApp.Build(builder));
    }

    private static async Task<HttpResponseMessage> PostAsync(InProcessApp app, string url)
    {
        var antiforgery = await app.Client.GetFromJsonAsync<AntiforgeryBody>("__profile__/api/antiforgery");
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add(antiforgery!.Header, antiforgery.Token);
        return await app.Client.SendAsync(request);
    }

    private sealed record AntiforgeryBody(string Token, string Header);
}
