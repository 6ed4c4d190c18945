using Hotpath.AspNetCore;
using Hotpath.AspNetCore.Pyroscope;

namespace Hotpath.Tool.Tests.Pyroscope;

public sealed class PyroscopeOptionsValidatorTests
{
    [Fact]
    public void Validate_NoServer_IsOffAndValid()
    {
        Assert.True(new PyroscopeOptionsValidator().Validate(null, new PyroscopeOptions { IntervalSeconds = -1 }).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_SayWhatToChange()
    {
        var options = new PyroscopeOptions { ServerUrl = "ftp://x", IntervalSeconds = 0, Scope = "all", AuthToken = "t", BasicAuthUser = "u", BasicAuthPassword = "p" };
        options.Labels["bad key"] = "v";

        var result = new PyroscopeOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        var text = string.Join('\n', result.Failures!);
        Assert.Contains("Hotpath:Pyroscope:ServerUrl must be an http://", text, StringComparison.Ordinal);
        Assert.Contains("IntervalSeconds must be between 0.1 and 3600", text, StringComparison.Ordinal);
        Assert.Contains("Scope must be 'process' or 'requests'", text, StringComparison.Ordinal);
        Assert.Contains("either AuthToken", text, StringComparison.Ordinal);
        Assert.Contains("'bad key=v' is not a valid label", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NameWithLabels_SortsLabels()
    {
        Assert.Equal("app{a=1,b=2}", PyroscopePusher.NameWithLabels("app", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        Assert.Equal("app", PyroscopePusher.NameWithLabels("app", new Dictionary<string, string>()));
    }
}
