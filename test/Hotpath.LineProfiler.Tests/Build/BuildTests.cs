using System.Text.RegularExpressions;

namespace Hotpath.LineProfiler.Tests.Build;

public sealed partial class BuildTests(BuiltApps apps) : IClassFixture<BuiltApps>
{
    [Fact]
    public void Instrumented_ProgramOutput_IsIdenticalToUninstrumented()
    {
        Assert.Contains("Hotpath.LineProfiler: instrumented", apps.OnBuildLog, StringComparison.Ordinal);
        Assert.Contains("loop 499500", apps.OnOutput, StringComparison.Ordinal);
        Assert.Equal(apps.OffOutput, apps.OnOutput);
        // The stack-trace line is part of the output: instrumentation kept it.
        Assert.Matches(StackLine(), apps.OnOutput);
    }

    [Fact]
    public void Off_AfterOn_IsByteIdenticalToABuildWithoutThePackage()
    {
        Assert.NotEqual(apps.NoPackageHash, apps.OnHash);
        Assert.Equal(apps.NoPackageHash, apps.OffHash);
    }

    [Fact]
    public void BuildTwice_RewritesOnce()
    {
        Assert.Equal(apps.OnHash, apps.OnAgainHash);
        Assert.DoesNotContain("Hotpath.LineProfiler: instrumented", apps.OnAgainLog, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_UnderDotnetPublishAndDotnetRun_RunsInstrumented()
    {
        Assert.True(apps.PublishedIsInstrumented);
        Assert.Equal(apps.OffOutput, apps.PublishedOutput);
        Assert.EndsWith(apps.OffOutput, apps.DotnetRunOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void PackedPackage_InAnAppOutsideTheRepository_InstrumentsIt()
    {
        // 1000 iterations: the loop condition ran 1001 times, the most of any line.
        Assert.Equal("499500 1 1001\n", apps.PackagedOutput);
    }

    [GeneratedRegex(@"stack Thrower:\d+\n")]
    private static partial Regex StackLine();
}
