using Hotpath.Sampling;

namespace Hotpath.Tests.Sampling;

public class ThreadRequestLogTests
{
    [Fact]
    public void Lookup_NoSwitches_ReturnsNoRequest()
    {
        // Arrange
        var log = new ThreadRequestLog(64);

        // Act
        var request = log.Lookup(12345);

        // Assert
        Assert.Equal(0, request);
    }

    [Theory]
    [InlineData(50, 0)]
    [InlineData(99, 0)]
    [InlineData(100, 1)]
    [InlineData(150, 1)]
    [InlineData(200, 0)]
    [InlineData(250, 0)]
    [InlineData(300, 2)]
    [InlineData(long.MaxValue, 2)]
    public void Lookup_Timestamp_ReturnsRequestActiveThen(long timestamp, long expected)
    {
        // Arrange: request 1 from 100, none from 200, request 2 from 300.
        var log = new ThreadRequestLog(64);
        log.Append(100, 1);
        log.Append(200, 0);
        log.Append(300, 2);

        // Act
        var request = log.Lookup(timestamp);

        // Assert
        Assert.Equal(expected, request);
    }

    [Fact]
    public void Lookup_ManySwitches_FindsEachInterval()
    {
        // Arrange
        var log = new ThreadRequestLog(1024);
        for (var i = 0; i < 900; i++)
        {
            log.Append(1_000 + (i * 10), i + 1);
        }

        // Act + Assert
        for (var i = 0; i < 900; i++)
        {
            Assert.Equal(i + 1, log.Lookup(1_000 + (i * 10)));
            Assert.Equal(i + 1, log.Lookup(1_000 + (i * 10) + 9));
        }

        Assert.Equal(0, log.Lookup(999));
        Assert.Equal(1_000 + (899 * 10), log.LastWrite);
    }

    [Fact]
    public void Lookup_RingWrappedPastTimestamp_ReturnsUnknown()
    {
        // Arrange
        var log = new ThreadRequestLog(32);
        for (var i = 0; i < 100; i++)
        {
            log.Append(1_000 + (i * 10), i + 1);
        }

        // Act
        var beforeEverything = log.Lookup(10);
        var overwritten = log.Lookup(1_005);
        var recent = log.Lookup(1_000 + (99 * 10) + 5);

        // Assert
        Assert.Equal(-1, beforeEverything);
        Assert.Equal(-1, overwritten);
        Assert.Equal(100, recent);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(-16)]
    public void Constructor_CapacityNotPowerOfTwo_Throws(int capacity)
    {
        // Act
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadRequestLog(capacity));

        // Assert
        Assert.Contains("power of two", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(16)]
    public void Constructor_CapacityTooSmallForReadMargin_Throws(int capacity)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadRequestLog(capacity));

        Assert.Contains("at least 32", ex.Message);
    }

    [Fact]
    public void Constructor_PowerOfTwo_KeepsCapacity()
    {
        // Act
        var log = new ThreadRequestLog(8192);

        // Assert
        Assert.Equal(8192, log.Capacity);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Lookup_SmallestAcceptedCapacity_FindsLatestSwitch(int capacity)
    {
        // Arrange
        var log = new ThreadRequestLog(capacity);
        log.Append(100, 7);

        // Act
        var request = log.Lookup(150);

        // Assert
        Assert.Equal(7, request);
    }
}
