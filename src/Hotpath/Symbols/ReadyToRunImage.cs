using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Hotpath.Symbols;

/// <summary>
/// Names precompiled (ReadyToRun) code from the image itself: the READYTORUN header's RuntimeFunctions section gives
/// each compiled method body's code range, MethodDefEntryPoints says which method owns it, and the metadata names it.
/// Used for code that ran before the session started, for which the runtime sends no event.
/// </summary>
internal sealed class ReadyToRunImage : IDisposable
{
    private const uint ReadyToRunSignature = 0x00525452; // "RTR"
    private const int RuntimeFunctionsSection = 102;
    private const int MethodDefEntryPointsSection = 103;

    private readonly PEReader _pe;
    private readonly MetadataReader _metadata;
    private readonly uint[] _begins;
    private readonly uint[] _ends;
    private readonly int[] _methodRows;
    private readonly Dictionary<int, string> _names = new();

    private ReadyToRunImage(PEReader pe, MetadataReader metadata, uint[] begins, uint[] ends, int[] methodRows)
    {
        _pe = pe;
        _metadata = metadata;
        _begins = begins;
        _ends = ends;
        _methodRows = methodRows;
    }

    /// <summary>Opens an assembly; null when it is not a ReadyToRun image this reader understands (x64 layout).</summary>
    public static ReadyToRunImage? TryOpen(string path)
    {
        PEReader? pe = null;
        try
        {
            pe = new PEReader(File.OpenRead(path));
            var image = Read(pe);
            if (image is null)
            {
                pe.Dispose();
            }

            return image;
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            pe?.Dispose();
            return null;
        }
    }

    /// <summary>Maps a file offset inside a mapped section to its RVA; null when no section holds it.</summary>
    public uint? FileOffsetToRva(ulong fileOffset)
    {
        foreach (var section in _pe.PEHeaders.SectionHeaders)
        {
            if (fileOffset >= (ulong)section.PointerToRawData && fileOffset < (ulong)(section.PointerToRawData + section.SizeOfRawData))
            {
                return (uint)(section.VirtualAddress + (long)(fileOffset - (ulong)section.PointerToRawData));
            }
        }

        return null;
    }

    /// <summary>The name of the method whose compiled code holds <paramref name="rva"/>, formatted as TraceLog names methods.</summary>
    public string? FindMethod(uint rva)
    {
        var index = Array.BinarySearch(_begins, rva);
        if (index < 0)
        {
            index = ~index - 1;
        }

        if (index < 0 || rva >= _ends[index])
        {
            return null;
        }

        // Funclets (exception handlers, cold code) follow their method's main body and have no entry of their own.
        while (index >= 0 && _methodRows[index] == 0)
        {
            index--;
        }

        return index < 0 ? null : Name(_methodRows[index]);
    }

    public void Dispose() => _pe.Dispose();

    /// <summary>Every method with precompiled code: the RVA where its main body starts, and its name.</summary>
    internal IEnumerable<(uint Rva, string Name)> Methods()
    {
        for (var i = 0; i < _begins.Length; i++)
        {
            if (_methodRows[i] != 0)
            {
                yield return (_begins[i], Name(_methodRows[i]));
            }
        }
    }

    private string Name(int row)
    {
        if (!_names.TryGetValue(row, out var name))
        {
            var handle = MetadataTokens.MethodDefinitionHandle(row);
            var method = _metadata.GetMethodDefinition(handle);
            var type = TypeName(method.GetDeclaringType());
            string parameters;
            try
            {
                var signature = method.DecodeSignature(new SignatureFormatter(), genericContext: null);
                parameters = "(" + string.Join(",", signature.ParameterTypes) + ")";
            }
            catch (BadImageFormatException)
            {
                parameters = "(?)";
            }

            name = type + "." + _metadata.GetString(method.Name) + parameters;
            _names[row] = name;
        }

        return name;
    }

    private string TypeName(TypeDefinitionHandle handle)
    {
        var type = _metadata.GetTypeDefinition(handle);
        var name = _metadata.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return TypeName(declaring) + "+" + name;
        }

        var ns = _metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static ReadyToRunImage? Read(PEReader pe)
    {
        var headers = pe.PEHeaders;
        var cor = headers.CorHeader;
        if (cor is null || !pe.HasMetadata || !IsAmd64(headers.CoffHeader.Machine) || cor.ManagedNativeHeaderDirectory.Size == 0)
        {
            return null;
        }

        var read = (uint rva, int count) => Slice(pe, rva, count);
        var header = read((uint)cor.ManagedNativeHeaderDirectory.RelativeVirtualAddress, 16).Span;
        if (header.Length < 16 || BitConverter.ToUInt32(header) != ReadyToRunSignature)
        {
            return null;
        }

        var sectionCount = BitConverter.ToInt32(header[12..]);
        uint functionsRva = 0, functionsSize = 0, entryPointsRva = 0;
        var sections = read((uint)cor.ManagedNativeHeaderDirectory.RelativeVirtualAddress + 16, sectionCount * 12).Span;
        for (var i = 0; i + 12 <= sections.Length; i += 12)
        {
            var kind = BitConverter.ToInt32(sections[i..]);
            if (kind == RuntimeFunctionsSection)
            {
                functionsRva = BitConverter.ToUInt32(sections[(i + 4)..]);
                functionsSize = BitConverter.ToUInt32(sections[(i + 8)..]);
            }
            else if (kind == MethodDefEntryPointsSection)
            {
                entryPointsRva = BitConverter.ToUInt32(sections[(i + 4)..]);
            }
        }

        if (functionsRva == 0 || entryPointsRva == 0)
        {
            return null;
        }

        // x64 RUNTIME_FUNCTION: begin RVA, end RVA, unwind data RVA.
        var count = (int)(functionsSize / 12);
        var functions = read(functionsRva, count * 12).Span;
        var begins = new uint[count];
        var ends = new uint[count];
        for (var i = 0; i < count; i++)
        {
            begins[i] = BitConverter.ToUInt32(functions[(i * 12)..]);
            ends[i] = BitConverter.ToUInt32(functions[((i * 12) + 4)..]);
        }

        var metadata = pe.GetMetadataReader();
        var rows = new int[count];
        var native = new NativeFormatReader(read);
        for (var row = 1; row <= metadata.MethodDefinitions.Count; row++)
        {
            if (!native.TryGetArrayElement(entryPointsRva, (uint)(row - 1), out var offset))
            {
                continue;
            }

            native.DecodeUnsigned(offset, out var id);
            var function = (id & 1) != 0 ? id >> 2 : id >> 1;
            if (function < count)
            {
                rows[function] = row;
            }
        }

        return new ReadyToRunImage(pe, metadata, begins, ends, rows);
    }

    // crossgen2 XORs the machine type with an OS marker (Linux 0x7B79, macOS 0x4644, FreeBSD 0x1993, NetBSD 0x1994)
    // so that other runtimes do not try to run the native code.
    private static bool IsAmd64(Machine machine)
    {
        var value = (ushort)machine;
        const ushort Amd64 = (ushort)Machine.Amd64;
        return value == Amd64 || (value ^ 0x7B79) == Amd64 || (value ^ 0x4644) == Amd64 || (value ^ 0x1993) == Amd64 || (value ^ 0x1994) == Amd64;
    }

    private static ReadOnlyMemory<byte> Slice(PEReader pe, uint rva, int count)
    {
        var block = pe.GetSectionData((int)rva);
        var length = Math.Min(block.Length, count);
        return length <= 0 ? ReadOnlyMemory<byte>.Empty : block.GetContent(0, length).AsMemory();
    }
}
