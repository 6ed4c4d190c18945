using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hotpath.Storage;
using Hotpath.Tool.Tests.Infrastructure;

namespace Hotpath.Tool.Tests.Commands;

/// <summary><c>serve</c>: the web UI, API and exports over a saved profile, read-only, on 127.0.0.1.</summary>
[Collection(ToolCollection.Name)]
public sealed partial class ServeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Serve_SavedProfile_UiApiAndExportsAnswerFromTheFileReadOnly()
    {
        var file = _temp.File("known.json");
        ProfileFile.Save(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), file);
        using var output = new StringWriter();
        var synced = TextWriter.Synchronized(output);
        using var cancel = new CancellationTokenSource();
        using var error = new StringWriter();
        var serving = HotpathCli.RunAsync(["serve", file], synced, TextWriter.Synchronized(error), cancel.Token);
        string? url = null;
        for (var i = 0; i < 200 && url is null && !serving.IsCompleted; i++)
        {
            await Task.Delay(50);
            // SyncTextWriter locks on itself: reading under the same lock never sees half a write.
            lock (synced)
            {
                url = Url().Match(output.ToString()) is { Success: true } m ? m.Value : null;
            }
        }

        Assert.True(url is not null, "no URL; output: " + output + " error: " + error + " done: " + serving.IsCompleted);
        using var client = new HttpClient { BaseAddress = new Uri(url) };

        var page = await client.GetStringAsync(string.Empty);
        using var functions = JsonDocument.Parse(await client.GetStringAsync("api/functions?scope=process"));
        var pprof = await client.GetAsync("export/pprof?scope=process");
        using var speedscope = JsonDocument.Parse(await client.GetStringAsync("export/speedscope"));
        var badScope = await client.GetAsync("export/pprof?scope=everything");
        var badMeasure = await client.GetAsync("export/speedscope?measure=heat");

        Assert.Contains("download-pprof", page, StringComparison.Ordinal);
        Assert.Equal("loaded", functions.RootElement.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(TestProfiles.Hash.Name, functions.RootElement.GetProperty("functions")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, pprof.StatusCode);
        Assert.Contains("hotpath-process.pb.gz", pprof.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var decoded = Export.PprofExporterTests.Decode(await pprof.Content.ReadAsByteArrayAsync());
        Assert.Equal(92, decoded.Sample.Sum(s => s.Value[0]));
        Assert.Equal(2, speedscope.RootElement.GetProperty("profiles").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMeasure.StatusCode);

        await cancel.CancelAsync();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/__profile__/")]
    private static partial Regex Url();
}
