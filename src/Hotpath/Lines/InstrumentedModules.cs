using System.Reflection;
using System.Runtime.CompilerServices;

namespace Hotpath.Lines;

/// <summary>
/// Finds the modules Hotpath.LineProfiler instrumented, with no reference to it: the runtime publishes them in the
/// <see cref="AppContext"/> data slot <see cref="DataName"/> as a delegate over BCL types (see docs/lines.md).
/// </summary>
internal static class InstrumentedModules
{
    /// <summary>The slot name; the same constant is in Hotpath.LineProfiler's <c>LineRegistry</c>.</summary>
    public const string DataName = "Hotpath.LineProfiler.Modules";

    private static readonly ConditionalWeakTable<long[], LineModule> Parsed = new();

    /// <summary>The instrumented modules loaded so far (empty when none is, or the runtime is not loaded).</summary>
    public static IReadOnlyList<LineModule> Current()
    {
        if (AppContext.GetData(DataName) is not Func<IReadOnlyList<(Assembly? Assembly, string Metadata, long[] Hits, long[] Times, long[] Functions)>> modules)
        {
            return [];
        }

        var result = new List<LineModule>();
        foreach (var (assembly, metadata, hits, times, functions) in modules())
        {
            if (!Parsed.TryGetValue(hits, out var module))
            {
                module = LineModule.Parse(assembly, metadata, hits, times, functions);
                if (module is null)
                {
                    continue;
                }

                Parsed.AddOrUpdate(hits, module);
            }

            result.Add(module);
        }

        return result;
    }

    /// <summary>Zeroes every counter (calls in flight may add a little to the fresh counts).</summary>
    public static void Clear()
    {
        foreach (var module in Current())
        {
            Array.Clear(module.Hits);
            Array.Clear(module.Times);
            Array.Clear(module.Functions);
        }
    }
}
