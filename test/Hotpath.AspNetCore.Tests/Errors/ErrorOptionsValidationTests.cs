using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Tests.Errors;

/// <summary>The error log's and pipeline view's options are validated at start with messages that say what to change.</summary>
[Collection(DemoCollection.Name)]
public sealed class ErrorOptionsValidationTests
{
    [Theory]
    [InlineData("Hotpath:ErrorStore", "dir/", "must be a file path")]
    [InlineData("Hotpath:MaxErrorGroups", "0", "between 1 and 100000")]
    [InlineData("Hotpath:MaxOccurrencesPerGroup", "0", "between 1 and 10000")]
    [InlineData("Hotpath:ErrorStoreQueueCapacity", "0", "between 1 and 1000000")]
    [InlineData("Hotpath:RedactPatterns:0", "(unclosed", "not a valid regular expression")]
    [InlineData("Hotpath:RedactHeaders:0", " ", "without empty entries")]
    public async Task StartAsync_BadErrorOption_ThrowsNamingTheSettingAndTheFix(string key, string value, string fix)
    {
        var builder = InProcessApp.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        await using var app = InProcessApp.Build(builder);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(key.Split(':')[0] + ":" + key.Split(':')[1], error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }
}
