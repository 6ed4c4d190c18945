namespace Hotpath.Symbols;

/// <summary>One JIT-compiled method body: its code range, name, module and metadata token.</summary>
internal sealed record JitMethod(ulong Start, uint Size, string Name, ulong ModuleId, int Token);
