using BenchmarkDotNet.Attributes;
using Hotpath.Analysis;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Storage;

namespace Hotpath.Benchmarks;

/// <summary>Views, exports and the saved format over a large profile (~100k call-tree nodes, 30-60 frames deep).</summary>
[MemoryDiagnoser]
public class ProfileModelBenchmarks
{
    private ProfileSnapshot _snapshot = null!;
    private byte[] _saved = null!;

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = SyntheticStacks.LargeSnapshot(minNodes: 100_000);
        using var stream = new MemoryStream();
        ProfileFile.Write(_snapshot, stream);
        _saved = stream.ToArray();
        Console.WriteLine($"// profile: {_snapshot.NodeCount} nodes, {_snapshot.Frames.Count} frames, {_saved.Length / 1024} KiB saved");
    }

    [Benchmark]
    public int FunctionTable_Compute() => FunctionTable.Compute(_snapshot, ProfileScope.Requests).Count;

    /// <summary>Collapsed stacks into a writer that only counts characters (the formatting cost, not I/O).</summary>
    [Benchmark]
    public long CollapsedStacks_Write()
    {
        var writer = new CountingTextWriter();
        CollapsedStackExporter.Write(_snapshot, ProfileScope.Process, writer);
        return writer.Count;
    }

    [Benchmark]
    public long ProfileFile_Write()
    {
        ProfileFile.Write(_snapshot, Stream.Null);
        return _snapshot.NodeCount;
    }

    [Benchmark]
    public int ProfileFile_Read()
    {
        using var stream = new MemoryStream(_saved, writable: false);
        return ProfileFile.Read(stream).NodeCount;
    }
}
