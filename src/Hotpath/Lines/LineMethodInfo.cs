namespace Hotpath.Lines;

/// <summary>One instrumented method as the rewriter described it.</summary>
/// <param name="Flags">What kind of method (<see cref="LineMethodFlags"/>).</param>
/// <param name="Start">The slot of the method's entry counter; its sequence points follow it.</param>
/// <param name="TimedSlot">The function's own/total slot, or -1 when it has no enter/exit timing.</param>
/// <param name="Name">The source function's full name, <c>Namespace.Type.Method</c>.</param>
/// <param name="File">The source file the PDB names.</param>
/// <param name="Lines">The start line of each instrumented sequence point, in slot order.</param>
internal sealed record LineMethodInfo(LineMethodFlags Flags, int Start, int TimedSlot, string Name, string File, int[] Lines);
