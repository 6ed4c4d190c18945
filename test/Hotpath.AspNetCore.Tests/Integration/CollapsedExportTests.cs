using System.Globalization;
using System.Net;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

[Collection(DemoCollection.Name)]
public sealed class CollapsedExportTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ExportCollapsed_AfterBurst_HottestLeafIsCountPrimes()
    {
        await using var app = await DemoApp.StartAsync(output);
        await app.BurstAsync();
        await app.WaitForFunctionsAsync(r => r.Totals.RequestSamples >= 30, "at least 30 request samples");

        var download = await DownloadAsync(app, "/export/collapsed");

        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal("text/plain", download.MediaType);
        Assert.Equal("attachment", download.Disposition?.DispositionType);
        var leaves = SumByLeaf(download.Text);
        var hottest = leaves.MaxBy(l => l.Value);
        Assert.Contains("!" + DemoApp.HotFunction, hottest.Key, StringComparison.Ordinal);
        Assert.StartsWith("Hotpath.Demo!", hottest.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCollapsed_ProcessScope_ContainsAtLeastTheRequestSamples()
    {
        await using var app = await DemoApp.StartAsync(output);
        await app.BurstAsync(20);
        await app.WaitForFunctionsAsync(r => r.Find(DemoApp.HotFunction) is not null, "CountPrimes in the requests scope");
        var requests = SumByLeaf((await DownloadAsync(app, "/export/collapsed?scope=requests")).Text);

        var download = await DownloadAsync(app, "/export/collapsed?scope=process");

        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Contains("hotpath-process", download.Disposition?.FileName ?? string.Empty, StringComparison.Ordinal);
        var process = SumByLeaf(download.Text);
        Assert.True(process.Values.Sum() >= requests.Values.Sum(), $"process export has {process.Values.Sum()} samples, requests export {requests.Values.Sum()}");
        Assert.Contains(process.Keys, k => k.Contains("!" + DemoApp.HotFunction, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportCollapsed_ManyDistinctStacks_ExportsEverySampledFunction()
    {
        // Sampling every 1 ms over every endpoint gives a profile with many distinct stacks: a download of real size.
        await using var app = await DemoApp.StartAsync(output, new Dictionary<string, string?>
        {
            ["DOTNET_EventPipeThreadSamplingRate"] = "1",
            ["Hotpath__SamplingIntervalMs"] = "1",
        });
        await app.VariedTrafficAsync(rounds: 25);
        var profile = await app.WaitForFunctionsAsync(r => r.Functions.Count(f => f.Self > 0) >= 25, "25 functions with self samples");

        var download = await DownloadAsync(app, "/export/collapsed?scope=requests");

        Assert.Equal(HttpStatusCode.OK, download.Status);
        var leaves = SumByLeaf(download.Text);
        var missing = profile.Functions
            .Where(f => f.Self > 0)
            .Select(f => f.Module.Length == 0 ? f.Name : f.Module + "!" + f.Name)
            .Where(name => !leaves.ContainsKey(name.Replace(';', ',')))
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} sampled functions are missing from the {download.Text.Length}-character export: {string.Join(", ", missing.Take(5))}");
        Assert.True(leaves.Values.Sum() >= profile.Totals.RequestSamples, $"the export holds {leaves.Values.Sum()} samples, the table {profile.Totals.RequestSamples}");
    }

    [Fact]
    public async Task ExportCollapsed_UnknownScope_Returns400()
    {
        await using var app = await DemoApp.StartAsync(output);

        using var response = await app.Client.GetAsync(DemoApp.ProfilePath + "/export/collapsed?scope=bogus");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("scope", text, StringComparison.Ordinal);
    }

    /// <summary>Downloads an export; a response that breaks off fails with what the server logged about it.</summary>
    private static async Task<Download> DownloadAsync(DemoApp app, string path)
    {
        using var response = await app.Client.GetAsync(DemoApp.ProfilePath + path, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            var text = await response.Content.ReadAsStringAsync();
            return new Download(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentDisposition, text);
        }
        catch (HttpRequestException ex)
        {
            var logged = app.Output.Split('\n').Where(l => l.Contains("Exception:", StringComparison.Ordinal)).Distinct().Take(3);
            throw new InvalidOperationException(
                $"GET {DemoApp.ProfilePath}{path} answered {(int)response.StatusCode} but the body broke off ({ex.InnerException?.Message ?? ex.Message}). "
                + $"The server logged:\n{string.Join("\n", logged)}", ex);
        }
    }

    /// <summary>Parses "frame;frame;leaf count" lines into summed counts per leaf frame.</summary>
    private static Dictionary<string, long> SumByLeaf(string collapsed)
    {
        var leaves = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in collapsed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            Assert.True(space > 0, $"Not a collapsed-stack line: '{line}'");
            var count = long.Parse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            var stack = line[..space];
            var leaf = stack[(stack.LastIndexOf(';') + 1)..];
            leaves[leaf] = leaves.GetValueOrDefault(leaf) + count;
        }

        Assert.NotEmpty(leaves);
        return leaves;
    }

    private sealed record Download(HttpStatusCode Status, string? MediaType, System.Net.Http.Headers.ContentDispositionHeaderValue? Disposition, string Text);
}
