using Hotpath.Sampling;

namespace Hotpath.Tests.Sampling;

public class ReadyToRunEntryPointsTests
{
    private static ReadyToRunEntryPoints Create()
    {
        var entries = new ReadyToRunEntryPoints();
        entries.Add(0x5000, "B");
        entries.Add(0x1000, "A");
        entries.Add(0x40000, "C");
        return entries;
    }

    [Theory]
    [InlineData(0x1000UL, "A")]
    [InlineData(0x1010UL, "A")]
    [InlineData(0x4FFFUL, "A")]
    [InlineData(0x5000UL, "B")]
    [InlineData(0x5000UL + ReadyToRunEntryPoints.MaxDistance - 1, "B")]
    [InlineData(0x40000UL + 1, "C")]
    public void Find_AddressAfterEntryPoint_ReturnsNearestPrecedingMethod(ulong address, string expected)
    {
        // Arrange
        var entries = Create();

        // Act
        var name = entries.Find(address);

        // Assert
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0xFFFUL)]
    [InlineData(0x5000UL + ReadyToRunEntryPoints.MaxDistance)]
    [InlineData(0x30000UL)]
    [InlineData(ulong.MaxValue)]
    public void Find_AddressBelowFirstOrTooFarFromEntry_ReturnsNull(ulong address)
    {
        // Arrange
        var entries = Create();

        // Act
        var name = entries.Find(address);

        // Assert
        Assert.Null(name);
    }

    [Fact]
    public void Find_Empty_ReturnsNull()
    {
        // Act
        var name = new ReadyToRunEntryPoints().Find(0x1000);

        // Assert
        Assert.Null(name);
    }

    [Fact]
    public void Add_AfterLookup_IsFoundAndBumpsVersion()
    {
        // Arrange
        var entries = Create();
        var missed = entries.Find(0x30000);
        var shadowed = entries.Find(0x3000);
        var version = entries.Version;

        // Act
        entries.Add(0x2F00, "Closer");
        entries.Add(0x2FF00, "Far");

        // Assert
        Assert.Null(missed);
        Assert.Equal("A", shadowed);
        Assert.True(entries.Version > version);
        Assert.Equal("Closer", entries.Find(0x3000));
        Assert.Equal("Far", entries.Find(0x30000));
        Assert.Equal("B", entries.Find(0x5001));
        Assert.Equal(5, entries.Count);
    }

    [Theory]
    [InlineData(0UL, "Main")]
    [InlineData(0x1000UL, "")]
    [InlineData(0x1000UL, null)]
    public void Add_ZeroAddressOrNoName_IsIgnored(ulong address, string? name)
    {
        // Arrange
        var entries = new ReadyToRunEntryPoints();

        // Act
        entries.Add(address, name!);

        // Assert
        Assert.Equal(0, entries.Count);
        Assert.Equal(0, entries.Version);
        Assert.Null(entries.Find(0x1000));
    }
}
