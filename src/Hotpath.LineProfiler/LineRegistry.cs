using System.Reflection;

namespace Hotpath.LineProfiler;

/// <summary>Every instrumented module loaded in this process. The Hotpath UI and reports read it.</summary>
internal static class LineRegistry
{
    private static readonly Lock Gate = new();
    private static LineModule[] s_modules = [];
    private static int s_nextFunction;

    /// <summary>The instrumented modules loaded so far.</summary>
    public static IReadOnlyList<LineModule> Modules => Volatile.Read(ref s_modules);

    public static LineModule Register(Assembly? assembly, string metadata)
    {
        lock (Gate)
        {
            var module = LineModule.Parse(assembly, metadata, s_nextFunction);
            s_nextFunction += module.Functions.Length / 2;
            s_modules = [.. s_modules, module];
            return module;
        }
    }

    /// <summary>Zeroes every counter (calls in flight may add a little to the fresh counts).</summary>
    public static void Clear()
    {
        foreach (var module in Modules)
        {
            Array.Clear(module.Hits);
            Array.Clear(module.Times);
            Array.Clear(module.Functions);
        }
    }
}
