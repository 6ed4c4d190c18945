namespace Hotpath.Lines;

/// <summary>One source function's line table.</summary>
internal sealed class LineFunction
{
    /// <summary>The module (assembly simple name).</summary>
    public required string Module { get; init; }

    /// <summary>The full name, <c>Namespace.Type.Method</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The source file the PDB names.</summary>
    public required string File { get; init; }

    /// <summary>Calls counted by instrumentation, or null when only sampled.</summary>
    public long? Calls { get; set; }

    /// <summary>Total time: outermost calls only (cProfile semantics), or the sum of line times for async methods.</summary>
    public double? TotalMs { get; set; }

    /// <summary>Own time: total minus the time spent in timed callees.</summary>
    public double? OwnMs { get; set; }

    /// <summary>Whether the function's lines are timed.</summary>
    public bool Timed { get; set; }

    /// <summary>Whether samples were attributed to the lines.</summary>
    public bool Sampled { get; set; }

    /// <summary>The rows, by line.</summary>
    public List<LineRow> Rows { get; set; } = [];

    /// <summary>The order reports use: total time, then samples, then hits.</summary>
    public double SortKey => TotalMs ?? (Rows.Sum(r => r.Samples ?? 0) * 1e-3) + (Rows.Max(r => r.Hits ?? 0) * 1e-9);
}
