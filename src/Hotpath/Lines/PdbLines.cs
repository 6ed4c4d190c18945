using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Hotpath.Lines;

/// <summary>
/// One module's PDB, for sampled lines: a method token and IL offset → the source function's name (named as the
/// instrumented mode names it), file and line (the sequence point with the greatest IL offset at or before it).
/// </summary>
internal sealed class PdbLines
{
    private const int HiddenLine = 0xFEEFEE;

    private readonly MetadataReader _metadata;
    private readonly MetadataReader _pdb;
    private readonly Dictionary<int, (string Name, string File, int[] Offsets, int[] Lines)?> _methods = [];

    private PdbLines(MetadataReader metadata, MetadataReader pdb)
    {
        _metadata = metadata;
        _pdb = pdb;
    }

    /// <summary>Opens a module's portable PDB (next to it or embedded); null when it has none: not user code to map.</summary>
    public static PdbLines? Open(string modulePath)
    {
        try
        {
            // Both readers stay open for the life of the profiler; PEReader and the PDB provider copy into memory here.
            var pe = new PEReader(File.ReadAllBytes(modulePath).ToImmutableArray());
            if (!pe.TryOpenAssociatedPortablePdb(modulePath, p => File.Exists(p) ? new MemoryStream(File.ReadAllBytes(p)) : null, out var provider, out _) || provider is null)
            {
                return null;
            }

            return new PdbLines(pe.GetMetadataReader(), provider.GetMetadataReader());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }

    public (string Name, string File, int Line)? Find(int token, int ilOffset)
    {
        if (!_methods.TryGetValue(token, out var method))
        {
            method = Load(token);
            _methods[token] = method;
        }

        if (method is not { } m || m.Offsets.Length == 0)
        {
            return null;
        }

        var at = Array.BinarySearch(m.Offsets, Math.Max(ilOffset, 0));
        var index = at >= 0 ? at : (~at) - 1;
        return index < 0 ? null : (m.Name, m.File, m.Lines[index]);
    }

    private (string Name, string File, int[] Offsets, int[] Lines)? Load(int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        if (handle.Kind != HandleKind.MethodDefinition)
        {
            return null;
        }

        var method = (MethodDefinitionHandle)handle;
        var info = _pdb.GetMethodDebugInformation(method.ToDebugInformationHandle());
        var offsets = new List<int>();
        var lines = new List<int>();
        string? file = null;
        foreach (var sp in info.GetSequencePoints())
        {
            if (sp.IsHidden || sp.StartLine == HiddenLine)
            {
                continue;
            }

            file ??= _pdb.GetString(_pdb.GetDocument(sp.Document).Name);
            offsets.Add(sp.Offset);
            lines.Add(sp.StartLine);
        }

        if (file is null)
        {
            return null;
        }

        var kickoff = info.GetStateMachineKickoffMethod();
        return (Name(kickoff.IsNil ? method : kickoff), file, offsets.ToArray(), lines.ToArray());
    }

    private string Name(MethodDefinitionHandle handle)
    {
        var method = _metadata.GetMethodDefinition(handle);
        var type = method.GetDeclaringType();
        while (_metadata.GetString(_metadata.GetTypeDefinition(type).Name).StartsWith('<') && !_metadata.GetTypeDefinition(type).GetDeclaringType().IsNil)
        {
            type = _metadata.GetTypeDefinition(type).GetDeclaringType();
        }

        var parts = new List<string>();
        for (var t = type; !t.IsNil; t = _metadata.GetTypeDefinition(t).GetDeclaringType())
        {
            var def = _metadata.GetTypeDefinition(t);
            var name = _metadata.GetString(def.Name);
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            parts.Add(tick < 0 ? name : name[..tick]);
            if (def.GetDeclaringType().IsNil && !def.Namespace.IsNil && _metadata.GetString(def.Namespace).Length > 0)
            {
                parts.Add(_metadata.GetString(def.Namespace));
            }
        }

        parts.Reverse();
        return string.Join('.', parts) + "." + MethodName(_metadata.GetString(method.Name));
    }

    /// <summary>Lambdas as <c>Outer.&lt;lambda&gt;</c>, local functions as <c>Outer.Local</c> (the rewriter's rule).</summary>
    internal static string MethodName(string name)
    {
        var close = name.StartsWith('<') ? name.IndexOf('>', StringComparison.Ordinal) : -1;
        if (close <= 1)
        {
            return name;
        }

        var outer = name[1..close];
        var rest = name[(close + 1)..];
        if (rest.StartsWith("b__", StringComparison.Ordinal))
        {
            return outer + ".<lambda>";
        }

        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            var bar = rest.IndexOf('|', StringComparison.Ordinal);
            return outer + "." + (bar > 3 ? rest[3..bar] : rest[3..]);
        }

        return outer + "." + rest;
    }
}
