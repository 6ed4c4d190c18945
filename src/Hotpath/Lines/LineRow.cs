namespace Hotpath.Lines;

/// <summary>One source line of a function's line table.</summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Hits">Exact executions (the most any sequence point on the line ran), or null where not instrumented.</param>
/// <param name="TimeMs">Wall time charged to the line, callees included, or null where not timed.</param>
/// <param name="Samples">CPU samples the sampler attributed to the line, or null where never sampled.</param>
/// <param name="Code">The source text of the line, or null when the source is not available.</param>
internal sealed record LineRow(int Line, long? Hits, double? TimeMs, long? Samples, string? Code);
