using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Hotpath.Lines;

/// <summary>
/// Sampled mode: per-line CPU sample counts for JIT-compiled code of modules that have a portable PDB (user code), with
/// no build change. Each admitted sample's frames are mapped native IP → IL offset (<see cref="ILMapStore"/>, from the
/// runtime's events) → PDB sequence point (<see cref="PdbLines"/>); a line is counted once per sample it is on the stack
/// of (inclusive, like line_profiler's time). Entry points: <see cref="Attach"/> and <see cref="RecordStack"/> on the
/// sampler's event thread, <see cref="Record"/> for a mapped frame, <see cref="Snapshot"/> from anywhere.
/// </summary>
internal static class SampledLines
{
    private const int MaxLines = 100_000;
    private static readonly object Gate = new();
    private static readonly ILMapStore Maps = new();
    private static readonly Dictionary<string, PdbLines?> Pdbs = new(StringComparer.Ordinal);
    private static readonly Dictionary<(string Module, string Name, string File, int Line), long> Counts = [];
    private static readonly HashSet<(string, string, string, int)> Seen = [];

    /// <summary>Subscribes the IL-map store to the runtime's JIT and loader events.</summary>
    public static void Attach(ClrTraceEventParser clr)
    {
        ArgumentNullException.ThrowIfNull(clr);
        clr.LoaderModuleLoad += d => Maps.OnModuleLoad(d.ModuleID, d.ModuleILPath);
        clr.MethodLoadVerbose += d => Maps.OnMethodLoad(d.MethodID, d.MethodStartAddress, d.MethodSize, d.MethodToken, d.ModuleID);
        clr.MethodILToNativeMap += d =>
        {
            if (d.MethodExtent != 0)
            {
                return;
            }

            var il = new int[d.CountOfMapEntries];
            var native = new int[d.CountOfMapEntries];
            for (var i = 0; i < il.Length; i++)
            {
                il[i] = d.ILOffset(i);
                native[i] = d.NativeOffset(i);
            }

            Maps.OnILToNativeMap(d.MethodID, il, native);
        };
    }

    /// <summary>Names a module loaded before the session (from the runtime's rundown), so its methods' lines can be found.</summary>
    public static void AddModule(long moduleId, string? path) => Maps.OnModuleLoad(moduleId, path);

    /// <summary>Counts one sample's lines (call on the event thread, for samples the profiler admitted).</summary>
    public static void RecordStack(TraceLog log, CallStackIndex stack)
    {
        ArgumentNullException.ThrowIfNull(log);
        var stacks = log.CallStacks;
        var addresses = log.CodeAddresses;
        var leaf = true;
        lock (Gate)
        {
            Seen.Clear();
            for (var s = stack; s != CallStackIndex.Invalid && Seen.Count < 256; s = stacks.Caller(s))
            {
                var index = stacks.CodeAddressIndex(s);
                var ip = addresses.Address(index);
                // Callers' addresses are return addresses: the call is the byte before.
                if (Maps.Find(leaf ? ip : ip - 1) is { } at && (at.Module ?? addresses.ModuleFile(index)?.FilePath) is { Length: > 0 } module)
                {
                    RecordLocked(module, at.Token, at.ILOffset);
                }

                leaf = false;
            }
        }
    }

    /// <summary>Counts one sample's lines from its raw instruction pointers, leaf first (the kernel sampler's stacks).</summary>
    public static void RecordAddresses(ReadOnlySpan<ulong> ipsLeafFirst)
    {
        var leaf = true;
        lock (Gate)
        {
            Seen.Clear();
            foreach (var ip in ipsLeafFirst)
            {
                if (Seen.Count >= 256)
                {
                    break;
                }

                // Callers' addresses are return addresses: the call is the byte before.
                if (Maps.Find(leaf ? ip : ip - 1) is { } at && at.Module is { Length: > 0 } module)
                {
                    RecordLocked(module, at.Token, at.ILOffset);
                }

                leaf = false;
            }
        }
    }

    /// <summary>Counts one sample on the line holding <paramref name="ilOffset"/> of a method.</summary>
    public static void Record(string modulePath, int methodToken, int ilOffset)
    {
        lock (Gate)
        {
            Seen.Clear();
            RecordLocked(modulePath, methodToken, ilOffset);
        }
    }

    /// <summary>Every sampled line so far.</summary>
    public static List<(string Module, string ModulePath, string Name, string File, int Line, long Samples)> Snapshot()
    {
        lock (Gate)
        {
            return [.. Counts.Select(p => (Path.GetFileNameWithoutExtension(p.Key.Module), p.Key.Module, p.Key.Name, p.Key.File, p.Key.Line, p.Value))];
        }
    }

    public static void Clear()
    {
        lock (Gate)
        {
            Counts.Clear();
        }
    }

    /// <summary>How many JIT code ranges the IL-map store holds (diagnostics).</summary>
    public static int CodeRanges
    {
        get
        {
            lock (Gate)
            {
                return Maps.Count;
            }
        }
    }

    private static void RecordLocked(string modulePath, int token, int ilOffset)
    {
        if (!Pdbs.TryGetValue(modulePath, out var pdb))
        {
            pdb = PdbLines.Open(modulePath);
            Pdbs[modulePath] = pdb;
        }

        if (pdb?.Find(token, ilOffset) is not { } line)
        {
            return;
        }

        var key = (modulePath, line.Name, line.File, line.Line);
        if (!Seen.Add(key) || (Counts.Count >= MaxLines && !Counts.ContainsKey(key)))
        {
            return;
        }

        Counts[key] = Counts.GetValueOrDefault(key) + 1;
    }
}
