using Hotpath.Sampling;

namespace Hotpath.Tests.Sampling;

public class SamplingRateTests
{
    [Theory]
    [InlineData("A", 10)]
    [InlineData("a", 10)]
    [InlineData("10", 16)]
    [InlineData("0x14", 20)]
    [InlineData("0X14", 20)]
    [InlineData(" 1F ", 31)]
    [InlineData("1", 1)]
    [InlineData("3E8", 1000)]
    public void TryParse_HexadecimalValue_ReturnsMilliseconds(string value, int expected)
    {
        // Act
        var ok = SamplingRate.TryParse(value, out var ms);

        // Assert
        Assert.True(ok);
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ten")]
    [InlineData("0x")]
    [InlineData("10ms")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void TryParse_Garbage_ReturnsFalse(string? value)
    {
        // Act
        var ok = SamplingRate.TryParse(value, out _);

        // Assert
        Assert.False(ok);
    }

    [Fact]
    public void FromEnvironment_Unset_ReturnsRuntimeDefaultOfOneMillisecond()
    {
        // Act
        var ms = SamplingRate.FromEnvironment(_ => null);

        // Assert
        Assert.Equal(1, ms);
        Assert.Equal(SamplingRate.RuntimeDefaultMs, ms);
    }

    [Theory]
    [InlineData("A", 10)]
    [InlineData("0x14", 20)]
    [InlineData("garbage", 1)]
    [InlineData("0", 1)]
    public void FromEnvironment_DotnetVariableSet_ReadsItAsHex(string value, int expected)
    {
        // Arrange
        var environment = new Dictionary<string, string> { [SamplingRate.EnvironmentVariable] = value };

        // Act
        var ms = SamplingRate.FromEnvironment(name => environment.GetValueOrDefault(name));

        // Assert
        Assert.Equal(expected, ms);
    }

    [Fact]
    public void FromEnvironment_OnlyComPlusVariableSet_ReadsIt()
    {
        // Arrange
        var environment = new Dictionary<string, string> { ["COMPlus_EventPipeThreadSamplingRate"] = "5" };

        // Act
        var ms = SamplingRate.FromEnvironment(name => environment.GetValueOrDefault(name));

        // Assert
        Assert.Equal(5, ms);
    }

    [Fact]
    public void FromEnvironment_BothVariablesSet_PrefersDotnetVariable()
    {
        // Arrange
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_EventPipeThreadSamplingRate"] = "2",
            ["COMPlus_EventPipeThreadSamplingRate"] = "5",
        };

        // Act
        var ms = SamplingRate.FromEnvironment(name => environment.GetValueOrDefault(name));

        // Assert
        Assert.Equal(2, ms);
    }

    [Theory]
    [InlineData(10, "A")]
    [InlineData(16, "10")]
    [InlineData(1, "1")]
    [InlineData(255, "FF")]
    public void ToEnvironmentValue_Milliseconds_WritesHexadecimal(int ms, string expected)
    {
        // Act
        var value = SamplingRate.ToEnvironmentValue(ms);

        // Assert
        Assert.Equal(expected, value);
    }

    [Fact]
    public void ToEnvironmentValue_ParsedBack_GivesSameInterval()
    {
        // Act + Assert
        for (var ms = 1; ms <= 1000; ms++)
        {
            var value = SamplingRate.ToEnvironmentValue(ms);
            Assert.True(SamplingRate.TryParse(value, out var parsed));
            Assert.Equal(ms, SamplingRate.FromEnvironment(name => name == SamplingRate.EnvironmentVariable ? value : null));
            Assert.Equal(ms, parsed);
        }
    }
}
