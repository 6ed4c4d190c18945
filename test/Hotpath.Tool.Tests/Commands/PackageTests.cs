using System.Text.RegularExpressions;
using Hotpath.Tool.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.Tool.Tests.Commands;

/// <summary>The README's path: pack the tool, install it into a local tool manifest, and run an app under it.</summary>
[Collection(ToolCollection.Name)]
public sealed partial class PackageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PackInstallRun_LocalToolManifest_ProfilesTheApp()
    {
        var feed = Directory.CreateDirectory(_temp.File("feed")).FullName;
        var work = Directory.CreateDirectory(_temp.File("work")).FullName;

        // A private package folder: the install must come from this pack, never from an earlier one in the user's cache.
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = _temp.File("packages"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        await RunToEndAsync(env, Repo.Root, "pack", Path.Combine(Repo.Root, "src", "Hotpath.Tool", "Hotpath.Tool.csproj"), "-c", Repo.Configuration, "--no-build", "-o", feed);
        Assert.Single(Directory.GetFiles(feed, "dotnet-hotpath.*.nupkg"));
        await RunToEndAsync(env, work, "new", "tool-manifest");
        await RunToEndAsync(env, work, "tool", "install", "--add-source", feed, "dotnet-hotpath");

        var saved = Path.Combine(work, "app.json");
        using var run = ChildProcess.Start(output, "dotnet", ["hotpath", "run", "-o", saved, "--", "dotnet", Repo.PlainAppDll], WithWorkingDirectory(env, work));
        var url = await run.WaitForAsync(ProfileUrl(), TimeSpan.FromSeconds(60));
        using var client = new HttpClient();
        var functions = await client.GetAsync(url + "api/functions");
        Assert.Equal(System.Net.HttpStatusCode.OK, functions.StatusCode);
        run.Signal("TERM");
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(File.Exists(saved), run.Log);
    }

    private static Dictionary<string, string> WithWorkingDirectory(Dictionary<string, string> env, string folder) =>
        new(env) { [ChildProcess.WorkingDirectoryKey] = folder };

    private async Task RunToEndAsync(Dictionary<string, string> env, string folder, params string[] args)
    {
        using var child = ChildProcess.Start(output, "dotnet", args, WithWorkingDirectory(env, folder));
        var code = await child.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} failed ({code}):\n{child.Log}");
    }

    [GeneratedRegex(@"Hotpath: profile at (http://127\.0\.0\.1:\d+/__profile__/)")]
    private static partial Regex ProfileUrl();
}
