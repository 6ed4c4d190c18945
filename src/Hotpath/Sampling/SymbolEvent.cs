using Hotpath.Symbols;

namespace Hotpath.Sampling;

/// <summary>What the runtime told about code: a JIT'd method, a loaded module, or a ReadyToRun entry point.</summary>
internal readonly record struct SymbolEvent(JitMethod? Method, ulong ModuleId, string? ModulePath, ulong EntryPoint, string? EntryName)
{
    public void ApplyTo(StackSymbolizer symbolizer)
    {
        if (Method is not null)
        {
            symbolizer.Jit.Add(Method);
        }
        else if (ModulePath is not null)
        {
            symbolizer.AddModule(ModuleId, ModulePath);
        }
        else if (EntryName is not null)
        {
            symbolizer.ReadyToRun.Add(EntryPoint, EntryName);
        }
    }
}
