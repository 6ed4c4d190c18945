using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Hotpath.Lines;

/// <summary>
/// The only way source text is read: a file is readable when a loaded module's portable PDB names it as a document (the
/// exact string the PDB holds; no path normalisation, so <c>..</c> and other spellings never match), and its text comes
/// from the PDB's embedded source when there is one, else from that path. Nothing else on disk is ever opened.
/// </summary>
internal sealed class SourceFiles
{
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, byte[]?>> Documents = new(StringComparer.Ordinal);

    private readonly Dictionary<string, byte[]?> _known = new(StringComparer.Ordinal);

    /// <summary>Collects the documents of the PDBs of the given module files (read once per file, then cached).</summary>
    public SourceFiles(IEnumerable<string> modulePaths)
    {
        foreach (var path in modulePaths.Distinct(StringComparer.Ordinal))
        {
            foreach (var (doc, embedded) in Documents.GetOrAdd(path, ReadDocuments))
            {
                if (!_known.TryGetValue(doc, out var existing) || existing is null)
                {
                    _known[doc] = embedded;
                }
            }
        }
    }

    /// <summary>The documents every given module's PDB names.</summary>
    public IEnumerable<string> Known => _known.Keys;

    /// <summary>Whether <paramref name="file"/> is exactly a document of a loaded PDB.</summary>
    public bool IsKnown(string? file) => file is not null && _known.ContainsKey(file);

    /// <summary>The lines of a PDB document, or null when it is not one or cannot be read.</summary>
    public string[]? ReadLines(string file)
    {
        if (!_known.TryGetValue(file, out var embedded))
        {
            return null;
        }

        try
        {
            var text = embedded is not null ? Encoding.UTF8.GetString(embedded) : File.ReadAllText(file);
            return text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static IReadOnlyDictionary<string, byte[]?> ReadDocuments(string modulePath)
    {
        var docs = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(modulePath);
            using var pe = new PEReader(stream);
            if (!pe.TryOpenAssociatedPortablePdb(modulePath, p => File.Exists(p) ? File.OpenRead(p) : null, out var provider, out _) || provider is null)
            {
                return docs;
            }

            using (provider)
            {
                var reader = provider.GetMetadataReader();
                foreach (var handle in reader.Documents)
                {
                    var name = reader.GetString(reader.GetDocument(handle).Name);
                    docs[name] = Embedded(reader, handle);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            // A module without a readable PDB contributes no documents.
        }

        return docs;
    }

    private static byte[]? Embedded(MetadataReader reader, DocumentHandle document)
    {
        foreach (var h in reader.GetCustomDebugInformation(document))
        {
            var info = reader.GetCustomDebugInformation(h);
            if (reader.GetGuid(info.Kind) != EmbeddedSource)
            {
                continue;
            }

            var blob = reader.GetBlobBytes(info.Value);
            var size = BitConverter.ToInt32(blob, 0);
            if (size == 0)
            {
                return blob[4..];
            }

            using var deflate = new DeflateStream(new MemoryStream(blob, 4, blob.Length - 4), CompressionMode.Decompress);
            var result = new byte[size];
            deflate.ReadExactly(result);
            return result;
        }

        return null;
    }
}
