using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>One row of the function table: a frame with its self and total samples in one scope.</summary>
/// <param name="FrameIndex">The frame's index in the snapshot.</param>
/// <param name="Frame">The frame.</param>
/// <param name="Self">Samples whose leaf was this function.</param>
/// <param name="Total">Samples with this function anywhere on the stack (counted once per sample, recursion included).</param>
public sealed record FunctionStats(int FrameIndex, FrameInfo Frame, long Self, long Total);
