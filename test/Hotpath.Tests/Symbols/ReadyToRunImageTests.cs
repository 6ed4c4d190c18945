using System.Net.Sockets;
using Hotpath.Symbols;

namespace Hotpath.Tests.Symbols;

public class ReadyToRunImageTests
{
    // The shared framework's assemblies are ReadyToRun images: real input, not a fixture we made up.
    private static readonly string SocketsPath = typeof(Socket).Assembly.Location;

    [Fact]
    public void TryOpen_FrameworkAssembly_NamesItsPrecompiledMethods()
    {
        using var image = ReadyToRunImage.TryOpen(SocketsPath);

        Assert.NotNull(image);
        var names = image.Methods().Select(m => m.Name).ToList();
        Assert.Contains("System.Net.Sockets.SocketAsyncEngine.EventLoop()", names);
        Assert.Contains(names, n => n.StartsWith("System.Net.Sockets.Socket.Send(", StringComparison.Ordinal));
    }

    [Fact]
    public void FindMethod_AddressInsideBody_ReturnsOwningMethod()
    {
        using var image = ReadyToRunImage.TryOpen(SocketsPath)!;
        var (rva, name) = image.Methods().First(m => m.Name == "System.Net.Sockets.SocketAsyncEngine.EventLoop()");

        Assert.Equal(name, image.FindMethod(rva));
        Assert.Equal(name, image.FindMethod(rva + 3));
        Assert.Null(image.FindMethod(0));
    }

    [Fact]
    public void TryOpen_ILOnlyOrMissingFile_ReturnsNull()
    {
        // The test assembly itself is IL only (no ReadyToRun header).
        Assert.Null(ReadyToRunImage.TryOpen(typeof(ReadyToRunImageTests).Assembly.Location));
        Assert.Null(ReadyToRunImage.TryOpen(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".dll")));
    }

    [Fact]
    public void TryOpen_GarbageFile_ReturnsNullWithoutThrowing()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hotpath-r2r").FullName, "garbage.dll");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray());

        Assert.Null(ReadyToRunImage.TryOpen(path));
    }
}
