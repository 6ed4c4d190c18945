using Hotpath.Symbols;

namespace Hotpath.Tests.Symbols;

public class ModuleMapTests
{
    private static readonly string[] Maps =
    [
        "7f0000001000-7f0000002000 r--s 00000000 fe:00 1   /usr/share/dotnet/shared/Microsoft.AspNetCore.App/10.0.12/Microsoft.AspNetCore.Routing.dll",
        "7f0000002000-7f0000005000 r-xp 00001000 fe:00 1   /usr/share/dotnet/shared/Microsoft.AspNetCore.App/10.0.12/Microsoft.AspNetCore.Routing.dll",
        "7f0000010000-7f0000020000 r-xp 00000000 fe:00 2   /usr/lib/x86_64-linux-gnu/libc.so.6",
        "7f0000030000-7f0000031000 rw-p 00000000 00:00 0 ",
        "garbage line",
    ];

    [Fact]
    public void Find_AddressInsideMappedAssembly_ReturnsAssemblyName()
    {
        var map = new ModuleMap(() => Maps);

        Assert.Equal("Microsoft.AspNetCore.Routing", map.Find(0x7f0000002000));
        Assert.Equal("Microsoft.AspNetCore.Routing", map.Find(0x7f0000004fff));
    }

    [Fact]
    public void Find_AddressInNativeLibraryOrUnmapped_ReturnsNull()
    {
        var map = new ModuleMap(() => Maps);

        // The read-only flat view of an assembly holds no code.
        Assert.Null(map.Find(0x7f0000001800));

        Assert.Null(map.Find(0x7f0000010010));
        Assert.Null(map.Find(0x7f0000005000));
        Assert.Null(map.Find(0x10));
    }

    [Fact]
    public void Locate_AddressInMapping_ReturnsFileAndOffsetWithinIt()
    {
        var map = new ModuleMap(() => Maps);

        var place = map.Locate(0x7f0000002010);

        Assert.NotNull(place);
        Assert.EndsWith("/Microsoft.AspNetCore.Routing.dll", place.Value.Path, StringComparison.Ordinal);
        Assert.Equal(0x1000UL + 0x10, place.Value.FileOffset);
    }

    [Fact]
    public void Find_MapsUnreadable_ReturnsNullWithoutThrowing()
    {
        var map = new ModuleMap(() => null);

        Assert.Null(map.Find(0x7f0000001800));
    }

    [Theory]
    [InlineData("zzzz-7f00 r-xp 0 fe:00 1 /a/B.dll")]
    [InlineData("7f00-7e00 r-xp 0 fe:00 1 /a/B.dll")]
    [InlineData("7f00-7f10 r-xp 0 fe:00 1 /a/libB.so")]
    [InlineData("7f00-7f10 r--s 0 fe:00 1 /a/B.dll")]
    public void TryParse_MalformedOrNonAssemblyLine_ReturnsFalse(string line)
    {
        Assert.False(ModuleMap.TryParse(line, out _, out _, out _));
    }
}
