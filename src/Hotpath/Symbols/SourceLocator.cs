using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Hotpath.Symbols;

/// <summary>
/// Finds a method's source file and first line from the module's portable PDB (beside the assembly, or embedded in
/// it). Opens each module's symbols once; a module without portable symbols simply yields nothing.
/// </summary>
internal sealed class SourceLocator : IDisposable
{
    private readonly Dictionary<string, MetadataReaderProvider?> _providers = new(StringComparer.Ordinal);

    public (string File, int Line)? Find(string? modulePath, int methodToken)
    {
        if (string.IsNullOrEmpty(modulePath) || (methodToken >> 24) != 0x06)
        {
            return null;
        }

        try
        {
            var reader = Reader(modulePath);
            if (reader is null)
            {
                return null;
            }

            var handle = MetadataTokens.MethodDefinitionHandle(methodToken & 0x00FFFFFF);
            var info = reader.GetMethodDebugInformation(handle.ToDebugInformationHandle());
            foreach (var point in info.GetSequencePoints())
            {
                if (!point.IsHidden)
                {
                    var document = reader.GetDocument(point.Document);
                    return (reader.GetString(document.Name), point.StartLine);
                }
            }
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or ArgumentException or IOException)
        {
            // Damaged or mismatched symbols: the location is unknown, the profile is unaffected.
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var provider in _providers.Values)
        {
            provider?.Dispose();
        }

        _providers.Clear();
    }

    private MetadataReader? Reader(string modulePath)
    {
        if (!_providers.TryGetValue(modulePath, out var provider))
        {
            provider = Open(modulePath);
            _providers[modulePath] = provider;
        }

        return provider?.GetMetadataReader();
    }

    private static MetadataReaderProvider? Open(string modulePath)
    {
        if (!File.Exists(modulePath))
        {
            return null;
        }

        var pdb = Path.ChangeExtension(modulePath, ".pdb");
        if (File.Exists(pdb))
        {
            var stream = File.OpenRead(pdb);
            try
            {
                return MetadataReaderProvider.FromPortablePdbStream(stream);
            }
            catch (BadImageFormatException)
            {
                // A Windows (non-portable) PDB: not readable here.
                stream.Dispose();
                return null;
            }
        }

        using var pe = new PEReader(File.OpenRead(modulePath));
        var embedded = pe.ReadDebugDirectory().FirstOrDefault(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        return embedded.DataSize > 0 ? pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded) : null;
    }
}
