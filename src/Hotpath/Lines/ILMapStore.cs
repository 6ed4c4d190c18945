namespace Hotpath.Lines;

/// <summary>
/// Native code ranges of JIT-compiled methods with their IL-to-native maps, from the runtime's MethodLoadVerbose and
/// MethodILToNativeMap events (each code version — tier 0, tier 1, OSR — is its own range). Fed and read on the event
/// thread.
/// </summary>
internal sealed class ILMapStore
{
    private const int MaxRanges = 200_000;

    private readonly List<Range> _ranges = [];
    private readonly Dictionary<long, string> _modules = [];
    private readonly Dictionary<long, (int[] Il, int[] Native)> _pendingMaps = [];
    private readonly Dictionary<long, (ulong Start, int Size, int Token, long Module)> _pendingLoads = [];

    public int Count => _ranges.Count;

    public void OnModuleLoad(long moduleId, string? path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            _modules[moduleId] = path;
        }
    }

    public void OnMethodLoad(long methodId, ulong start, int size, int token, long moduleId)
    {
        if (_pendingMaps.Remove(methodId, out var map))
        {
            Add(start, size, token, moduleId, map.Il, map.Native);
        }
        else
        {
            _pendingLoads[methodId] = (start, size, token, moduleId);
        }
    }

    public void OnILToNativeMap(long methodId, int[] ilOffsets, int[] nativeOffsets)
    {
        if (_pendingLoads.Remove(methodId, out var load))
        {
            Add(load.Start, load.Size, load.Token, load.Module, ilOffsets, nativeOffsets);
        }
        else
        {
            _pendingMaps[methodId] = (ilOffsets, nativeOffsets);
        }
    }

    /// <summary>
    /// The module file (null when its load event came before the session), method token and IL offset of a native
    /// address, or null when it is not in known JIT code.
    /// </summary>
    public (string? Module, int Token, int ILOffset)? Find(ulong address)
    {
        var lo = 0;
        var hi = _ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var r = _ranges[mid];
            if (address < r.Start)
            {
                hi = mid - 1;
            }
            else if (address >= r.Start + (ulong)r.Size)
            {
                lo = mid + 1;
            }
            else
            {
                return (_modules.GetValueOrDefault(r.Module), r.Token, r.ILOffsetAt((int)(address - r.Start)));
            }
        }

        return null;
    }

    private void Add(ulong start, int size, int token, long moduleId, int[] il, int[] native)
    {
        if (_ranges.Count >= MaxRanges || size <= 0)
        {
            return;
        }

        var range = new Range(start, size, token, moduleId, il, native);
        var at = _ranges.BinarySearch(range, Comparer<Range>.Create((a, b) => a.Start.CompareTo(b.Start)));
        if (at >= 0)
        {
            _ranges[at] = range;
        }
        else
        {
            _ranges.Insert(~at, range);
        }
    }

    private sealed record Range(ulong Start, int Size, int Token, long Module, int[] Il, int[] Native)
    {
        /// <summary>The IL offset of the map entry with the greatest native offset at or before <paramref name="offset"/>.</summary>
        public int ILOffsetAt(int offset)
        {
            var best = -1;
            var bestNative = -1;
            for (var i = 0; i < Native.Length; i++)
            {
                // Negative IL offsets are the prolog (-2), epilog (-3) and no-mapping (-1) markers.
                if (Native[i] <= offset && Native[i] >= bestNative && Il[i] >= 0)
                {
                    best = Il[i];
                    bestNative = Native[i];
                }
            }

            return best;
        }
    }
}
