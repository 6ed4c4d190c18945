namespace Hotpath.Aggregation;

/// <summary>Caps that keep an accumulated profile bounded in memory.</summary>
/// <param name="MaxFrames">Distinct functions kept; more are merged into <c>[other]</c>.</param>
/// <param name="MaxNodes">Call-tree nodes kept; more are merged into an <c>[other]</c> child of the deepest kept prefix.</param>
/// <param name="MaxBytes">Estimated bytes the aggregate may use; past it no new nodes or frames are added.</param>
internal sealed record ProfileLimits(int MaxFrames = 50_000, int MaxNodes = 200_000, long MaxBytes = 64L * 1024 * 1024)
{
    public static ProfileLimits Default { get; } = new();
}
