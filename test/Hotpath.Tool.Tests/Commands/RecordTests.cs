using System.Text.RegularExpressions;
using Hotpath.Model;
using Hotpath.Storage;
using Hotpath.Tool.Profiles;
using Hotpath.Tool.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.Tool.Tests.Commands;

/// <summary><c>record --pid</c>: attaching from outside to a running sample over its diagnostics port.</summary>
[Collection(ToolCollection.Name)]
public sealed partial class RecordTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Record_RunningApp_SavesProcessProfileWithItsHotMethod()
    {
        using var app = ChildProcess.Start(output, "dotnet", [Repo.PlainAppDll, "--background-spin"], new Dictionary<string, string> { ["DOTNET_EventPipeThreadSamplingRate"] = "A" });
        await app.WaitForAsync(Listening(), TimeSpan.FromSeconds(60));
        var file = _temp.File("recorded.json");

        var (code, stdout, error) = await Cli.RunAsync("record", "--pid", app.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "3s", "-o", file);

        Assert.True(code == 0, error);
        Assert.Contains("Saved", stdout, StringComparison.Ordinal);
        var snapshot = ProfileFile.Load(file);
        Assert.Equal(10, snapshot.Totals.ConfiguredIntervalMs);
        Assert.True(snapshot.Totals.ProcessSamples > 50, $"only {snapshot.Totals.ProcessSamples} samples");
        var top = FunctionRows.Compute(ProfileView.Create(snapshot, ProfileFilter.Process)).MaxBy(r => r.Self)!;
        Assert.StartsWith(RunTests.HotFunction, top.Frame.Name, StringComparison.Ordinal);
        Assert.False(app.Process.HasExited, "the recorded app must keep running");
    }

    [Fact]
    public async Task Record_DiagnosticsDisabled_ExitsThreeWithReason()
    {
        using var app = ChildProcess.Start(output, "dotnet", [Repo.PlainAppDll], new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });
        await app.WaitForAsync(Listening(), TimeSpan.FromSeconds(60));

        var (code, _, error) = await Cli.RunAsync("record", "--pid", app.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1s", "-o", _temp.File("x.json"));

        Assert.Equal(3, code);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("diagnostics", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("x.json")));
    }

    [Fact]
    public async Task Record_ProcessGone_ExitsThreeWithReason()
    {
        using var gone = System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync();

        var (code, _, error) = await Cli.RunAsync("record", "--pid", gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", _temp.File("x.json"));

        Assert.Equal(3, code);
        Assert.Contains("no process", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
