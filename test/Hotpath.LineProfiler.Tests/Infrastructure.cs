using Hotpath.LineDemo;
using Hotpath.Lines;

namespace Hotpath.LineProfiler.Tests;

/// <summary>Reads the live line tables of the instrumented demo scenarios; finds lines by their <c>// line:</c> markers.</summary>
internal static class Lines
{
    public const string Prefix = "Hotpath.LineDemo.Scenarios.";

    public static LineFunction Function(string name)
    {
        _ = typeof(Scenarios);
        var all = LineTable.Collect();
        return Assert.Single(all, f => f.Name == Prefix + name);
    }

    /// <summary>The line of <c>// line: {marker}</c> in the function's source file.</summary>
    public static int Marker(LineFunction function, string marker)
    {
        var lines = File.ReadAllLines(function.File);
        var index = Array.FindIndex(lines, l => l.EndsWith("// line: " + marker, StringComparison.Ordinal));
        Assert.True(index >= 0, $"marker {marker} not in {function.File}");
        return index + 1;
    }

    public static LineRow Row(string function, string marker)
    {
        var f = Function(function);
        var line = Marker(f, marker);
        return Assert.Single(f.Rows, r => r.Line == line);
    }

    /// <summary>What running <paramref name="act"/> added to a line's hits.</summary>
    public static long HitsAdded(string function, string marker, Action act)
    {
        var before = Row(function, marker).Hits ?? 0;
        act();
        return (Row(function, marker).Hits ?? 0) - before;
    }
}

/// <summary>Tests whose counters must not move under them (they read deltas of process-wide counters).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CountersCollection
{
    public const string Name = "Counters";
}
