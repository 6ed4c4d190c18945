namespace Hotpath.Demo.Services;

/// <summary>Totals over every stored order, overall and per region.</summary>
public sealed record OrdersSummary(int Orders, int Units, decimal Revenue, decimal Discounts, decimal Tax, IReadOnlyList<RegionSummary> Regions);
