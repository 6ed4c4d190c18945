using System.Reflection;
using BenchmarkDotNet.Attributes;
using Hotpath.Sampling;
using Hotpath.Symbols;

namespace Hotpath.Benchmarks;

/// <summary>
/// The symbol lookups behind a frame the first time its address is seen (afterwards the symbolizer's cache answers):
/// which mapped module holds an address (this process's real memory map), which ReadyToRun method holds it (the real
/// System.Private.CoreLib image), the entry-point table built from runtime events, and file:line from a portable PDB.
/// </summary>
[MemoryDiagnoser]
public class SymbolLookupBenchmarks
{
    private const int Operations = 1_024;

    private ModuleMap _modules = null!;
    private ulong[] _addresses = null!;
    private ReadyToRunImage _coreLib = null!;
    private uint[] _rvas = null!;
    private ReadyToRunEntryPoints _entryPoints = null!;
    private ulong[] _entryProbes = null!;
    private SourceLocator _sources = null!;
    private string _modulePath = null!;
    private int[] _tokens = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);

        // Addresses inside this process's executable mappings of assemblies (the framework's ReadyToRun code): what
        // the map is asked about for frames TraceLog could not place.
        var executable = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 6 && f[1].Contains('x') && f[5].EndsWith(".dll", StringComparison.Ordinal))
            .Select(f => f[0].Split('-').Select(x => Convert.ToUInt64(x, 16)).ToArray())
            .ToArray();
        if (executable.Length == 0)
        {
            throw new InvalidOperationException("/proc/self/maps lists no executable file mappings.");
        }

        var pointers = Enumerable.Range(0, Operations).Select(_ =>
        {
            var range = executable[random.Next(executable.Length)];
            return range[0] + (ulong)random.NextInt64(0, (long)(range[1] - range[0]));
        }).ToList();

        _modules = new ModuleMap();
        _addresses = pointers.ToArray();

        var coreLibPath = typeof(object).Assembly.Location;
        _coreLib = ReadyToRunImage.TryOpen(coreLibPath) ?? throw new InvalidOperationException($"{coreLibPath} is not a ReadyToRun image this reader understands.");
        var bodies = _coreLib.Methods().Select(m => m.Rva).ToArray();
        _rvas = Enumerable.Range(0, Operations).Select(_ => bodies[random.Next(bodies.Length)] + (uint)random.Next(0, 4)).ToArray();

        _entryPoints = new ReadyToRunEntryPoints();
        var entries = Enumerable.Range(0, 20_000).Select(i => 0x7f00_0000_0000UL + ((ulong)i * 4096)).ToArray();
        foreach (var entry in entries)
        {
            _entryPoints.Add(entry, "Method" + entry);
        }

        _entryProbes = Enumerable.Range(0, Operations).Select(_ => entries[random.Next(entries.Length)] + (ulong)random.Next(0, 2048)).ToArray();

        _sources = new SourceLocator();
        _modulePath = typeof(SymbolLookupBenchmarks).Assembly.Location;
        var tokens = typeof(SymbolLookupBenchmarks).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.MetadataToken)
            .ToArray();
        _tokens = Enumerable.Range(0, Operations).Select(_ => tokens[random.Next(tokens.Length)]).ToArray();

        // A lookup that finds nothing measures a miss, not the work a real frame costs: insist on hits.
        Require(nameof(ModuleMap_Locate), ModuleMap_Locate());
        Require(nameof(ReadyToRunImage_FindMethod), ReadyToRunImage_FindMethod());
        Require(nameof(ReadyToRunEntryPoints_Find), ReadyToRunEntryPoints_Find());
        Require(nameof(SourceLocator_Find), SourceLocator_Find());
    }

    private static void Require(string benchmark, int found)
    {
        if (found < Operations * 9 / 10)
        {
            throw new InvalidOperationException($"{benchmark}: only {found} of {Operations} probes were found.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _coreLib.Dispose();
        _sources.Dispose();
    }

    /// <summary>Which module (and file offset) holds a code address: binary search over the executable mappings.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public int ModuleMap_Locate()
    {
        var found = 0;
        foreach (var address in _addresses)
        {
            if (_modules.Locate(address) is not null)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>The ReadyToRun method holding an RVA of System.Private.CoreLib (a name is formatted once, then cached).</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public int ReadyToRunImage_FindMethod()
    {
        var found = 0;
        foreach (var rva in _rvas)
        {
            if (_coreLib.FindMethod(rva) is not null)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>The method whose entry point precedes an address, among 20,000 from MethodR2RGetEntryPoint events.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public int ReadyToRunEntryPoints_Find()
    {
        var found = 0;
        foreach (var address in _entryProbes)
        {
            if (_entryPoints.Find(address) is not null)
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>file:line of a method's first sequence point, from this assembly's portable PDB (reader cached).</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public int SourceLocator_Find()
    {
        var found = 0;
        foreach (var token in _tokens)
        {
            if (_sources.Find(_modulePath, token) is not null)
            {
                found++;
            }
        }

        return found;
    }
}
