using Hotpath.Symbols;

namespace Hotpath.Tests.Symbols;

public class NativeFormatReaderTests
{
    private static NativeFormatReader Over(params byte[] bytes) =>
        new((rva, count) => bytes.AsMemory((int)rva, Math.Max(0, Math.Min(count, bytes.Length - (int)rva))));

    [Theory]
    [InlineData(new byte[] { 0x0A }, 5u, 1u)]                         // 1 byte: value << 1
    [InlineData(new byte[] { 0x01 | (3 << 2), 0x02 }, 3u | (2u << 6), 2u)] // 2 bytes: low bits 01
    [InlineData(new byte[] { 0x03 | (1 << 3), 0x01, 0x01 }, 1u | (1u << 5) | (1u << 13), 3u)]
    [InlineData(new byte[] { 0x0F, 0x78, 0x56, 0x34, 0x12 }, 0x12345678u, 5u)]
    public void DecodeUnsigned_EachLength_ReadsValueAndAdvances(byte[] bytes, uint expected, uint length)
    {
        var next = Over(bytes).DecodeUnsigned(0, out var value);

        Assert.Equal(expected, value);
        Assert.Equal(length, next);
    }

    [Fact]
    public void DecodeUnsigned_TruncatedData_ThrowsBadImageFormat()
    {
        Assert.Throws<BadImageFormatException>(() => Over(0x01).DecodeUnsigned(0, out _));
    }
}
