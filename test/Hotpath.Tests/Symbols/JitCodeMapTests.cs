using Hotpath.Symbols;

namespace Hotpath.Tests.Symbols;

public sealed class JitCodeMapTests
{
    [Fact]
    public void Find_AddressInsideAMethod_ReturnsIt()
    {
        var map = new JitCodeMap();
        map.Add(new JitMethod(0x1000, 0x100, "A.M()", 1, 1));
        map.Add(new JitMethod(0x2000, 0x80, "A.N()", 1, 2));

        Assert.Equal("A.M()", map.Find(0x1000)?.Name);
        Assert.Equal("A.M()", map.Find(0x10ff)?.Name);
        Assert.Null(map.Find(0x1100));
        Assert.Equal("A.N()", map.Find(0x2010)?.Name);
        Assert.Null(map.Find(0xfff));
    }

    [Fact]
    public void Find_SameStartReportedTwice_ReturnsTheNewest()
    {
        var map = new JitCodeMap();
        map.Add(new JitMethod(0x1000, 0x100, "Old()", 1, 1));
        Assert.Equal("Old()", map.Find(0x1010)?.Name);

        map.Add(new JitMethod(0x1000, 0x40, "New()", 1, 2));

        Assert.Equal("New()", map.Find(0x1010)?.Name);
        Assert.Null(map.Find(0x1080));
    }

    [Fact]
    public void Find_NewerMethodInsideAnOlderRange_SplitsTheOlderOne()
    {
        var map = new JitCodeMap();
        map.Add(new JitMethod(0x1000, 0x1000, "Freed()", 1, 1));
        map.Add(new JitMethod(0x1800, 0x100, "Reused()", 1, 2));

        Assert.Equal("Freed()", map.Find(0x1010)?.Name);
        Assert.Equal("Reused()", map.Find(0x1810)?.Name);
        Assert.Null(map.Find(0x1a00));
    }

    [Fact]
    public void Add_EmptyMethod_IsIgnored()
    {
        var map = new JitCodeMap();
        map.Add(new JitMethod(0, 0x10, "Zero()", 1, 1));
        map.Add(new JitMethod(0x10, 0, "Empty()", 1, 1));

        Assert.Equal(0, map.Count);
        Assert.Null(map.Find(0x10));
    }
}
