using System.Net;
using System.Text.Json;
using Hotpath.LineDemo;

namespace Hotpath.LineProfiler.Tests.Api;

/// <summary>The line routes on a real Kestrel (127.0.0.1:0), with the demo's instrumented scenarios in this process.</summary>
[Collection(CountersCollection.Name)]
public sealed class LinesApiTests : IAsyncLifetime
{
    private LineApp? _app;

    private HttpClient Client => _app!.Client;

    public async Task InitializeAsync() => _app = await LineApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Lines_ForLoop_ReturnsTheDocumentedShapeWithExactHits()
    {
        Scenarios.Loop(1000);
        var before = Lines.Row("Loop", "loop-body").Hits;
        Scenarios.Loop(1000);

        using var doc = JsonDocument.Parse(await Client.GetStringAsync("api/lines?function=" + Uri.EscapeDataString("^Hotpath\\.LineDemo\\.Scenarios\\.Loop$")));

        var f = Assert.Single(doc.RootElement.GetProperty("functions").EnumerateArray());
        Assert.Equal("Hotpath.LineDemo.Scenarios.Loop", f.GetProperty("function").GetString());
        Assert.EndsWith("Scenarios.cs", f.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.True(f.GetProperty("calls").GetInt64() >= 2);
        Assert.Equal(JsonValueKind.Null, f.GetProperty("totalMs").ValueKind);
        var body = f.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("code").GetString()!.EndsWith("// line: loop-body", StringComparison.Ordinal));
        Assert.True(body.GetProperty("hits").GetInt64() >= before + 1000);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("timeMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("samples").ValueKind);
        var blank = f.GetProperty("lines").EnumerateArray().First(l => l.GetProperty("code").GetString()!.Length == 0);
        Assert.Equal(JsonValueKind.Null, blank.GetProperty("hits").ValueKind);
    }

    [Fact]
    public async Task Export_ForTimedFunction_IsWsgiLineprofText()
    {
        await Scenarios.DelayAsync(10);

        var text = await Client.GetStringAsync("export/lines?function=DelayAsync&top=1");

        Assert.StartsWith("Time unit: 1e-06 [sec]\n\nFile: ", text, StringComparison.Ordinal);
        Assert.Contains("\nName: Hotpath.LineDemo.Scenarios.DelayAsync\nTotal time: ", text, StringComparison.Ordinal);
        Assert.Contains("\n  Line      Hits         Time  Code\n", text, StringComparison.Ordinal);
        Assert.Contains("await Task.Delay(ms); // line: await\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/lines?function=(a)\\1")]
    [InlineData("api/lines?top=-3")]
    [InlineData("export/lines?file=(?<=x)")]
    public async Task Lines_BadQuery_Is400(string url)
    {
        using var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Source_ServesPdbDocumentsOnly()
    {
        Scenarios.Loop(1);
        using var doc = JsonDocument.Parse(await Client.GetStringAsync("api/lines?function=Scenarios\\.Loop$"));
        var file = doc.RootElement.GetProperty("functions")[0].GetProperty("file").GetString()!;
        var dir = Path.GetDirectoryName(file)!;

        using var ok = await Client.GetAsync("api/lines/source?file=" + Uri.EscapeDataString(file));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("// line: loop-body", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var bad in new[] { Path.Combine(dir, "Hotpath.LineDemo.csproj"), dir + "/../Hotpath.LineDemo/Scenarios.cs", "/etc/passwd", "../../etc/passwd", "Scenarios.cs", string.Empty })
        {
            using var refused = await Client.GetAsync("api/lines/source?file=" + Uri.EscapeDataString(bad));
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain("root:", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
