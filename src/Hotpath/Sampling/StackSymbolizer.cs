using Hotpath.Aggregation;
using Hotpath.Model;
using Hotpath.Symbols;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Hotpath.Sampling;

/// <summary>
/// Turns TraceLog call stacks into aggregator nodes, caching by TraceLog's interned stack index and code address so
/// that a repeated stack costs one dictionary lookup. Runs on the event thread only.
/// </summary>
internal sealed class StackSymbolizer
{
    internal const int MaxDepth = 1024;

    private readonly Dictionary<int, (int Frame, int Version)> _frameByAddress = new();
    private readonly Dictionary<int, (int Node, int Version)> _nodeByStack = new();
    private readonly Dictionary<string, string> _moduleNames = new(StringComparer.Ordinal);
    private readonly List<int> _frames = new();
    private readonly HashSet<int> _safePointFrames = new();
    private readonly Dictionary<string, ReadyToRunImage?> _images = new(StringComparer.Ordinal);
    private int _generation = -1;

    public ReadyToRunEntryPoints ReadyToRun { get; } = new();

    /// <summary>Source locations from portable PDBs; shared by the event thread only.</summary>
    public SourceLocator Sources { get; } = new();

    /// <summary>Address ranges of loaded assemblies, for frames TraceLog cannot place in a module.</summary>
    public ModuleMap Modules { get; } = new();

    public int CachedStacks => _nodeByStack.Count;

    /// <summary>Drops the stack cache (after TraceLog trimmed its stack table, which invalidates stack indexes).</summary>
    public void ForgetStacks() => _nodeByStack.Clear();

    public int NodeFor(TraceLog log, CallStackIndex stack, ProfileAccumulator accumulator)
    {
        var aggregator = accumulator.Aggregator;
        if (_generation != accumulator.Generation)
        {
            // A clear dropped the aggregator's frames and nodes: every cached id is stale.
            _frameByAddress.Clear();
            _nodeByStack.Clear();
            _safePointFrames.Clear();
            _generation = accumulator.Generation;
        }

        var key = (int)stack;
        if (_nodeByStack.TryGetValue(key, out var cached) && (cached.Version < 0 || cached.Version == ReadyToRun.Version))
        {
            return cached.Node;
        }

        var hasUnknown = false;
        _frames.Clear();
        var stacks = log.CallStacks;
        for (var s = stack; s != CallStackIndex.Invalid && _frames.Count < MaxDepth; s = stacks.Caller(s))
        {
            var frame = FrameFor(log, stacks.CodeAddressIndex(s), aggregator, out var unknown);
            if (_frames.Count == 0 && _safePointFrames.Contains(frame))
            {
                // Samples are taken at GC safe points, so a hot loop's time often lands in the poll helper it calls.
                // That time is the caller's: fold the helper away (only at the leaf).
                continue;
            }

            hasUnknown |= unknown;

            _frames.Add(frame);
        }

        _frames.Reverse();
        var node = aggregator.Intern(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_frames));
        _nodeByStack[key] = (node, hasUnknown ? ReadyToRun.Version : -1);
        return node;
    }

    private int FrameFor(TraceLog log, CodeAddressIndex address, ProfileAggregator aggregator, out bool unknown)
    {
        var key = (int)address;
        if (_frameByAddress.TryGetValue(key, out var cached) && (cached.Version < 0 || cached.Version == ReadyToRun.Version))
        {
            unknown = cached.Version >= 0;
            return cached.Frame;
        }

        var codeAddresses = log.CodeAddresses;
        var moduleFile = codeAddresses.ModuleFile(address);
        var module = ModuleName(moduleFile?.Name);
        var method = codeAddresses.MethodIndex(address);
        string? name = method != MethodIndex.Invalid ? codeAddresses.Methods.FullMethodName(method) : null;
        (string File, int Line)? source = null;
        if (!string.IsNullOrEmpty(name))
        {
            source = Sources.Find(moduleFile?.FilePath, codeAddresses.Methods.MethodToken(method));
        }
        if (string.IsNullOrEmpty(name))
        {
            name = ReadyToRun.Find(codeAddresses.Address(address));
        }

        if (string.IsNullOrEmpty(name) || module.Length == 0)
        {
            var located = Modules.Locate(codeAddresses.Address(address));
            if (located is { } place)
            {
                if (module.Length == 0)
                {
                    module = place.Name;
                }

                if (string.IsNullOrEmpty(name))
                {
                    // Precompiled code that ran before the session started sends no event: read the image itself.
                    var image = Image(place.Path);
                    var rva = image?.FileOffsetToRva(place.FileOffset);
                    name = rva is { } r ? image!.FindMethod(r) : null;
                }
            }
        }

        unknown = string.IsNullOrEmpty(name);

        var frame = aggregator.InternFrame(new FrameInfo(unknown ? FrameInfo.UnknownName : name!, module, source?.File, source?.Line));
        if (!unknown && IsSafePointHelper(name!))
        {
            _safePointFrames.Add(frame);
        }

        _frameByAddress[key] = (frame, unknown ? ReadyToRun.Version : -1);
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

    private string ModuleName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        if (!_moduleNames.TryGetValue(name, out var clean))
        {
            clean = name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
                ? name[..^4]
                : name;
            _moduleNames[name] = clean;
        }

        return clean;
    }
}
