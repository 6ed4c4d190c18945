using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

[Collection(DemoCollection.Name)]
public sealed class DiagnosticsDisabledTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_DiagnosticsDisabled_KeepsServingAndReportsWhyProfilingFailed()
    {
        await using var app = await DemoApp.StartAsync(output, new Dictionary<string, string?> { ["DOTNET_EnableDiagnostics"] = "0" });

        await app.VariedTrafficAsync(rounds: 2);

        var profile = await app.GetFunctionsAsync();
        Assert.Equal("failed", profile.Status.State);
        Assert.Contains("DOTNET_EnableDiagnostics", profile.Status.Message, StringComparison.Ordinal);
        Assert.Empty(profile.Functions);
        Assert.Contains("Hotpath could not start profiling", app.Output, StringComparison.Ordinal);
        Assert.Contains("DOTNET_EnableDiagnostics", app.Output, StringComparison.Ordinal);
    }
}
