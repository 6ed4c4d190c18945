namespace Hotpath.Symbols;

/// <summary>
/// Reads the runtime's "native format" encodings used inside ReadyToRun images: variable-length unsigned integers and
/// the sparse <c>NativeArray</c> that maps a method's row number to its entry point. Offsets are image RVAs.
/// </summary>
internal sealed class NativeFormatReader
{
    private const uint BlockSize = 16;
    private readonly Func<uint, int, ReadOnlyMemory<byte>> _read;

    /// <param name="read">Returns <c>count</c> bytes at an RVA (fewer at the image's end).</param>
    public NativeFormatReader(Func<uint, int, ReadOnlyMemory<byte>> read) => _read = read;

    public uint DecodeUnsigned(uint offset, out uint value)
    {
        var p = _read(offset, 5).Span;
        if (p.Length == 0)
        {
            throw new BadImageFormatException("ReadyToRun data ends early.");
        }

        uint b = p[0];
        if ((b & 1) == 0)
        {
            value = b >> 1;
            return offset + 1;
        }

        if ((b & 2) == 0)
        {
            value = (b >> 2) | ((uint)At(p, 1) << 6);
            return offset + 2;
        }

        if ((b & 4) == 0)
        {
            value = (b >> 3) | ((uint)At(p, 1) << 5) | ((uint)At(p, 2) << 13);
            return offset + 3;
        }

        if ((b & 8) == 0)
        {
            value = (b >> 4) | ((uint)At(p, 1) << 4) | ((uint)At(p, 2) << 12) | ((uint)At(p, 3) << 20);
            return offset + 4;
        }

        if ((b & 16) == 0)
        {
            value = At(p, 1) | ((uint)At(p, 2) << 8) | ((uint)At(p, 3) << 16) | ((uint)At(p, 4) << 24);
            return offset + 5;
        }

        throw new BadImageFormatException("Bad ReadyToRun integer encoding.");
    }

    /// <summary>Looks up element <paramref name="index"/> of the NativeArray at <paramref name="arrayOffset"/>.</summary>
    public bool TryGetArrayElement(uint arrayOffset, uint index, out uint elementOffset)
    {
        elementOffset = 0;
        var baseOffset = DecodeUnsigned(arrayOffset, out var header);
        var count = header >> 2;
        var entryIndexSize = header & 3;
        if (index >= count)
        {
            return false;
        }

        var block = index / BlockSize;
        uint offset = entryIndexSize switch
        {
            0 => At(_read(baseOffset + block, 1).Span, 0),
            1 => (uint)(At(_read(baseOffset + (2 * block), 2).Span, 0) | (At(_read(baseOffset + (2 * block), 2).Span, 1) << 8)),
            _ => ReadUInt32(baseOffset + (4 * block)),
        };
        offset += baseOffset;

        for (var bit = BlockSize >> 1; bit > 0; bit >>= 1)
        {
            var next = DecodeUnsigned(offset, out var value);
            if ((index & bit) != 0)
            {
                if ((value & 2) != 0)
                {
                    offset += value >> 2;
                    continue;
                }
            }
            else if ((value & 1) != 0)
            {
                offset = next;
                continue;
            }

            // A special leaf node that holds exactly one element.
            if ((value & 3) == 0 && (value >> 2) == (index & (BlockSize - 1)))
            {
                offset = next;
                break;
            }

            return false;
        }

        elementOffset = offset;
        return true;
    }

    private uint ReadUInt32(uint offset)
    {
        var p = _read(offset, 4).Span;
        return At(p, 0) | ((uint)At(p, 1) << 8) | ((uint)At(p, 2) << 16) | ((uint)At(p, 3) << 24);
    }

    private static byte At(ReadOnlySpan<byte> bytes, int index) =>
        index < bytes.Length ? bytes[index] : throw new BadImageFormatException("ReadyToRun data ends early.");
}
