using System.Runtime.InteropServices;
using Hotpath.Aggregation;
using Hotpath.Model;
using Hotpath.Symbols;

namespace Hotpath.Sampling;

/// <summary>
/// Turns raw instruction pointers (leaf first) into aggregator nodes, whichever sampler took them: JIT code from the
/// runtime's method events, ReadyToRun code from entry-point events or the image's own tables, native code as one
/// <c>[native] lib.so</c> frame per library. Frame ids are cached per address (a miss is retried once new symbols
/// arrive). Runs on the sampler thread only.
/// </summary>
internal sealed class StackSymbolizer
{
    internal const int MaxDepth = 1024;

    private readonly Dictionary<ulong, (int Frame, FrameKind Kind, int Version)> _frameByAddress = new();
    private readonly Dictionary<ulong, (string Name, string Path)> _modules = new();
    private readonly Dictionary<string, int> _nativeFrames = new(StringComparer.Ordinal);
    private readonly List<int> _frames = new();
    private readonly List<FrameKind> _kinds = new();
    private readonly Dictionary<string, ReadyToRunImage?> _images = new(StringComparer.Ordinal);
    private int _generation = -1;

    private enum FrameKind : byte
    {
        Managed,
        Native,
        Unknown,
        SafePoint,
    }

    public ReadyToRunEntryPoints ReadyToRun { get; } = new();

    /// <summary>JIT-compiled methods by code range.</summary>
    public JitCodeMap Jit { get; } = new();

    /// <summary>Source locations from portable PDBs.</summary>
    public SourceLocator Sources { get; } = new();

    /// <summary>Address ranges of loaded assemblies and native libraries.</summary>
    public ModuleMap Modules { get; } = new();

    private int SymbolVersion => Jit.Version + ReadyToRun.Version;

    /// <summary>Whether <paramref name="address"/> is JIT'd code or lies in a loaded assembly (ReadyToRun code).</summary>
    public bool IsManagedCode(ulong address)
    {
        if (_frameByAddress.TryGetValue(address - 1, out var cached) && cached.Kind is FrameKind.Managed or FrameKind.SafePoint)
        {
            return true;
        }

        return Jit.Find(address - 1) is not null || Modules.Locate(address - 1) is not null;
    }

    /// <summary>Records a module's name and file (from the runtime's loader events), for JIT frames' module and lines.</summary>
    public void AddModule(ulong moduleId, string path)
    {
        if (moduleId != 0 && !string.IsNullOrEmpty(path))
        {
            _modules[moduleId] = (Path.GetFileNameWithoutExtension(path), path);
        }
    }

    /// <summary>
    /// The node for a stack given leaf first. <paramref name="foldSafePoint"/>: the sample was taken at a GC safe point
    /// (EventPipe), so a poll helper at the leaf is the caller's time. Native frames next to each other in one library
    /// collapse into one; native frames below the outermost managed frame (thread start-up) are dropped.
    /// </summary>
    public int NodeFor(ReadOnlySpan<ulong> leafFirst, ProfileAccumulator accumulator, bool foldSafePoint)
    {
        var aggregator = accumulator.Aggregator;
        if (_generation != accumulator.Generation)
        {
            // A clear dropped the aggregator's frames and nodes: every cached id is stale.
            _frameByAddress.Clear();
            _nativeFrames.Clear();
            _generation = accumulator.Generation;
        }

        _frames.Clear();
        _kinds.Clear();
        var depth = Math.Min(leafFirst.Length, MaxDepth);
        for (var i = 0; i < depth; i++)
        {
            // Callers' addresses are return addresses, one past the call: step back into the call instruction.
            var address = i == 0 ? leafFirst[i] : leafFirst[i] - 1;
            var (frame, kind) = FrameFor(address, aggregator);
            if (kind == FrameKind.SafePoint)
            {
                if (_frames.Count == 0 && foldSafePoint)
                {
                    continue;
                }

                kind = FrameKind.Managed;
            }

            if (kind == FrameKind.Native && _frames.Count > 0 && _frames[^1] == frame)
            {
                continue;
            }

            _frames.Add(frame);
            _kinds.Add(kind);
        }

        var outermostManaged = _kinds.LastIndexOf(FrameKind.Managed);
        if (outermostManaged >= 0 && outermostManaged < _frames.Count - 1)
        {
            _frames.RemoveRange(outermostManaged + 1, _frames.Count - outermostManaged - 1);
        }

        if (_frames.Count == 0)
        {
            _frames.Add(aggregator.InternFrame(new FrameInfo(FrameInfo.UnknownName, string.Empty)));
        }

        _frames.Reverse();
        return aggregator.Intern(CollectionsMarshal.AsSpan(_frames));
    }

    private (int Frame, FrameKind Kind) FrameFor(ulong address, ProfileAggregator aggregator)
    {
        if (_frameByAddress.TryGetValue(address, out var cached) && (cached.Kind != FrameKind.Unknown || cached.Version == SymbolVersion))
        {
            return (cached.Frame, cached.Kind);
        }

        string? name = null;
        var module = string.Empty;
        (string File, int Line)? source = null;
        var jit = Jit.Find(address);
        if (jit is not null)
        {
            name = jit.Name;
            if (_modules.TryGetValue(jit.ModuleId, out var m))
            {
                module = m.Name;
                source = Sources.Find(m.Path, jit.Token);
            }
        }

        name ??= ReadyToRun.Find(address);
        if (name is null || module.Length == 0)
        {
            var located = Modules.Locate(address);
            if (located is { } place)
            {
                if (module.Length == 0)
                {
                    module = place.Name;
                }

                if (name is null)
                {
                    // Precompiled code that ran before the session started sends no event: read the image itself.
                    var image = Image(place.Path);
                    var rva = image?.FileOffsetToRva(place.FileOffset);
                    name = rva is { } r ? image!.FindMethod(r) : null;
                }
            }
        }

        int frame;
        FrameKind kind;
        if (name is not null)
        {
            frame = aggregator.InternFrame(new FrameInfo(name, module, source?.File, source?.Line));
            kind = IsSafePointHelper(name) ? FrameKind.SafePoint : FrameKind.Managed;
        }
        else if (module.Length == 0 && Modules.FindNative(address) is { } library && !library.StartsWith("memfd:", StringComparison.Ordinal))
        {
            frame = NativeFrame(library, aggregator);
            kind = FrameKind.Native;
        }
        else
        {
            // JIT stubs, code of the runtime's double mapping we have no event for, or a method not yet reported.
            frame = aggregator.InternFrame(new FrameInfo(FrameInfo.UnknownName, module));
            kind = FrameKind.Unknown;
        }

        _frameByAddress[address] = (frame, kind, SymbolVersion);
        return (frame, kind);
    }

    private int NativeFrame(string library, ProfileAggregator aggregator)
    {
        if (!_nativeFrames.TryGetValue(library, out var frame))
        {
            frame = aggregator.InternFrame(new FrameInfo("[native] " + library, library));
            _nativeFrames[library] = frame;
        }

        return frame;
    }

    /// <summary>Closes the symbol and image files opened so far (they reopen on demand).</summary>
    public void ReleaseFiles()
    {
        Sources.Dispose();
        foreach (var image in _images.Values)
        {
            image?.Dispose();
        }

        _images.Clear();
    }

    private ReadyToRunImage? Image(string path)
    {
        if (!_images.TryGetValue(path, out var image))
        {
            image = ReadyToRunImage.TryOpen(path);
            _images[path] = image;
        }

        return image;
    }

    internal static bool IsSafePointHelper(string name) =>
        name.StartsWith("System.Threading.Thread.PollGC", StringComparison.Ordinal)
        || name.StartsWith("System.Threading.Thread.<PollGC>", StringComparison.Ordinal);
}
