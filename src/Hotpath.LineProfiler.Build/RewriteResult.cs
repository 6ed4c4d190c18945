namespace Hotpath.LineProfiler.Build;

/// <summary>What a rewrite did.</summary>
internal enum RewriteOutcome
{
    Rewritten,
    AlreadyInstrumented,
    NoSymbols,
}

/// <summary>The outcome of <see cref="LineRewriter.Rewrite"/>, with counts for the build log.</summary>
internal sealed record RewriteResult(RewriteOutcome Outcome, int Methods = 0, int Points = 0, int Timed = 0, bool EmbeddedPdb = false)
{
    public static RewriteResult AlreadyInstrumented { get; } = new(RewriteOutcome.AlreadyInstrumented);

    public static RewriteResult NoSymbols { get; } = new(RewriteOutcome.NoSymbols);
}
