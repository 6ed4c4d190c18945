namespace Hotpath.Demo.Services;

/// <summary>Totals over the priced orders of one region.</summary>
public sealed record RegionSummary(string Region, int Orders, decimal Revenue, decimal Tax, decimal AverageOrder);
