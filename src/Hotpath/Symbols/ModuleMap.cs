using System.Globalization;

namespace Hotpath.Symbols;

/// <summary>
/// Tells which assembly an address of this process belongs to, from the process's own memory map
/// (<c>/proc/self/maps</c> on Linux). EventPipe on Linux reports no image base addresses, so code that TraceLog cannot
/// place (ReadyToRun code named from entry points, unnamed code) would otherwise have no module.
/// </summary>
internal sealed class ModuleMap
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    private readonly Func<IEnumerable<string>?> _readMaps;
    private readonly TimeProvider _time;
    private (ulong Start, ulong End, string Name, string Path, ulong Offset)[] _ranges = [];
    private (ulong Start, ulong End, string Name, string Path, ulong Offset)[] _native = [];
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public ModuleMap(Func<IEnumerable<string>?>? readMaps = null, TimeProvider? time = null)
    {
        _readMaps = readMaps ?? ReadProcSelfMaps;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The module name (file name without extension) containing <paramref name="address"/>, or null.</summary>
    public string? Find(ulong address) => Locate(address)?.Name;

    /// <summary>The mapped file holding <paramref name="address"/> and the address's offset in that file, or null.</summary>
    public (string Name, string Path, ulong FileOffset)? Locate(ulong address)
    {
        var found = Search(address);
        if (found < 0 && _time.GetUtcNow() - _lastRefresh >= RefreshEvery)
        {
            // Assemblies load over time: re-read the map on a miss, at most once a second.
            Refresh();
            found = Search(address);
        }

        if (found < 0)
        {
            return null;
        }

        var range = _ranges[found];
        return (range.Name, range.Path, range.Offset + (address - range.Start));
    }

    /// <summary>
    /// The file name of the native library (or other non-assembly file, e.g. the runtime's W^X double mapping) whose
    /// executable mapping holds <paramref name="address"/>, or null.
    /// </summary>
    public string? FindNative(ulong address)
    {
        var found = Search(_native, address);
        if (found < 0 && _time.GetUtcNow() - _lastRefresh >= RefreshEvery)
        {
            Refresh();
            found = Search(_native, address);
        }

        return found < 0 ? null : _native[found].Name;
    }

    internal void Refresh()
    {
        _lastRefresh = _time.GetUtcNow();
        var lines = _readMaps();
        if (lines is null)
        {
            return;
        }

        // One range per executable mapping, never merged per file: an assembly is mapped twice (a flat read-only view
        // and the loaded image) far apart, and a merged range would swallow every module between them.
        var ranges = new List<(ulong Start, ulong End, string Name, string Path, ulong Offset)>();
        var native = new List<(ulong Start, ulong End, string Name, string Path, ulong Offset)>();
        foreach (var line in lines)
        {
            if (TryParse(line, out var start, out var end, out var path) && TryParseOffset(line, out var offset))
            {
                ranges.Add((start, end, Path.GetFileNameWithoutExtension(path), path, offset));
            }
            else if (TryParseNative(line, out start, out end, out path))
            {
                native.Add((start, end, Path.GetFileName(path), path, 0));
            }
        }

        var sorted = ranges.ToArray();
        Array.Sort(sorted, static (a, b) => a.Start.CompareTo(b.Start));
        _ranges = sorted;
        var sortedNative = native.ToArray();
        Array.Sort(sortedNative, static (a, b) => a.Start.CompareTo(b.Start));
        _native = sortedNative;
    }

    internal static bool TryParse(string line, out ulong start, out ulong end, out string path)
    {
        start = end = 0;
        path = string.Empty;

        // "7f35...-7f35... r--s 00000000 fe:00 350821   /path/Assembly.dll"
        var slash = line.IndexOf('/', StringComparison.Ordinal);
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (slash < 0 || dash <= 0 || space <= dash)
        {
            return false;
        }

        // Only executable mappings hold code: "r-xp".
        var perms = line.AsSpan(space + 1);
        if (perms.Length < 3 || perms[2] != 'x')
        {
            return false;
        }

        path = line[slash..].TrimEnd();
        if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out start)
            && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out end)
            && end > start;
    }

    /// <summary>An executable mapping of a file that is not an assembly: a native library, or the runtime's double mapping.</summary>
    internal static bool TryParseNative(string line, out ulong start, out ulong end, out string path)
    {
        start = end = 0;
        path = string.Empty;
        var slash = line.IndexOf('/', StringComparison.Ordinal);
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (slash < 0 || dash <= 0 || space <= dash)
        {
            return false;
        }

        var perms = line.AsSpan(space + 1);
        if (perms.Length < 3 || perms[2] != 'x')
        {
            return false;
        }

        path = line[slash..].TrimEnd();
        if (path.EndsWith(" (deleted)", StringComparison.Ordinal))
        {
            path = path[..^" (deleted)".Length];
        }

        return ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out start)
            && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out end)
            && end > start;
    }

    private static bool TryParseOffset(string line, out ulong offset)
    {
        offset = 0;
        var fields = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3 && ulong.TryParse(fields[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out offset);
    }

    private int Search(ulong address) => Search(_ranges, address);

    private static int Search((ulong Start, ulong End, string Name, string Path, ulong Offset)[] ranges, ulong address)
    {
        int lo = 0, hi = ranges.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (address < ranges[mid].Start)
            {
                hi = mid - 1;
            }
            else if (address >= ranges[mid].End)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    private static IEnumerable<string>? ReadProcSelfMaps()
    {
        const string maps = "/proc/self/maps";
        try
        {
            return OperatingSystem.IsLinux() && File.Exists(maps) ? File.ReadAllLines(maps) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
