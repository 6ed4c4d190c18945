using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Tests;

[Collection(DemoCollection.Name)]
public sealed class HotpathOptionsValidationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        // setting, value, what the message must say
        { "Path", "nope", "must start with '/'" },
        { "Path", "/", "must start with '/'" },
        { "Path", "/__profile__/", "without a trailing '/'" },
        { "SamplingIntervalMs", "0", "between 1 and 1000" },
        { "MaxStacks", "1", "between 64 and" },
        { "MaxFrames", "2", "between 16 and" },
        { "MaxProfileMegabytes", "0", "between 1 and 4096" },
        { "LogFile", "dir/", "must be a file path" },
        { "AuthorizationPolicy", " ", "must name a policy" },
        { "Sampler", "7", "must be Auto, PerfEvent or EventPipe" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task StartAsync_BadOptionInCode_ThrowsNamingTheSettingAndTheFix(string setting, string value, string fix)
    {
        var builder = InProcessApp.CreateBuilder();
        builder.Services.AddHotpath(options => Set(options, setting, value));
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains($"Hotpath:{setting}", error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task StartAsync_BadOptionInConfiguration_ThrowsNamingTheSettingAndTheFix(string setting, string value, string fix)
    {
        var builder = InProcessApp.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"Hotpath:{setting}"] = value });
        builder.Services.AddHotpath();
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains($"Hotpath:{setting}", error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SeveralBadOptions_ReportsEveryOne()
    {
        var builder = InProcessApp.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hotpath:Path"] = "nope",
            ["Hotpath:SamplingIntervalMs"] = "0",
        });
        builder.Services.AddHotpath();
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Hotpath:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hotpath:SamplingIntervalMs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidCustomOptions_StartsAndServesTheUiAtTheCustomPath()
    {
        var builder = InProcessApp.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Hotpath:Path"] = "/ops/profile" });
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        await using var app = await InProcessApp.StartAsync(InProcessApp.Build(builder));

        using var ui = await app.Client.GetAsync("ops/profile/");
        using var old = await app.Client.GetAsync("__profile__/");

        Assert.Equal(System.Net.HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, old.StatusCode);
    }

    private static void Set(HotpathOptions options, string setting, string value)
    {
        switch (setting)
        {
            case "Path": options.Path = value; break;
            case "SamplingIntervalMs": options.SamplingIntervalMs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxStacks": options.MaxStacks = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxFrames": options.MaxFrames = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxProfileMegabytes": options.MaxProfileMegabytes = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "LogFile": options.LogFile = value; break;
            case "AuthorizationPolicy": options.AuthorizationPolicy = value; break;
            case "Sampler": options.Sampler = (Hotpath.Sampling.SamplerKind)int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: throw new ArgumentOutOfRangeException(nameof(setting), setting, "unknown setting");
        }
    }
}
