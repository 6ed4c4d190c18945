using System.Text.Json;
using System.Text.RegularExpressions;
using Hotpath.Tool.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.Tool.Tests.Commands;

/// <summary>
/// Hotpath on .NET 8: samples/Net8App (net8.0, referencing the libraries' net8.0 build) published self-contained with
/// the .NET 8 runtime packs, since the machine has no .NET 8 runtime installed.
/// </summary>
[Collection(ToolCollection.Name)]
public sealed partial class Net8Tests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Net8SelfContained_Profiles_HotMethodOnTop()
    {
        var publish = _temp.File("publish");
        using (var build = ChildProcess.Start(output, "dotnet", ["publish", Path.Combine(Repo.Root, "samples", "Net8App", "Net8App.csproj"), "-c", Repo.Configuration, "-r", "linux-x64", "--self-contained", "-o", publish]))
        {
            Assert.True(await build.WaitForExitAsync(TimeSpan.FromMinutes(4)) == 0, build.Log);
        }

        using var app = ChildProcess.Start(output, Path.Combine(publish, "Net8App"), [], new Dictionary<string, string>
        {
            ["DOTNET_EventPipeThreadSamplingRate"] = "A",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        var url = await app.WaitForAsync(Listening(), TimeSpan.FromSeconds(60));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.StartsWith(".NET 8.", await client.GetStringAsync(url + "/runtime"), StringComparison.Ordinal);

        string? top = null;
        JsonDocument? last = null;
        for (var round = 0; round < 10 && top?.StartsWith("Net8App.Hot.SumOfDivisors", StringComparison.Ordinal) != true; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                await client.GetStringAsync(url + "/spin");
            }

            last?.Dispose();
            last = JsonDocument.Parse(await client.GetStringAsync(url + "/__profile__/api/functions?limit=1"));
            var rows = last.RootElement.GetProperty("functions");
            top = rows.GetArrayLength() > 0 ? rows[0].GetProperty("name").GetString() : null;
        }

        Assert.StartsWith("Net8App.Hot.SumOfDivisors", top, StringComparison.Ordinal);
        var totals = last!.RootElement.GetProperty("totals");
        Assert.Equal("running", last.RootElement.GetProperty("status").GetProperty("state").GetString());

        // What differs on 8 (docs/cli.md): the runtime ignores DOTNET_EventPipeThreadSamplingRate and samples every ~1 ms.
        output.WriteLine($"configured {totals.GetProperty("configuredIntervalMs")} ms, measured {totals.GetProperty("effectiveIntervalMs")} ms, {totals.GetProperty("requestSamples")} request samples");
        last.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
