using Hotpath.BenchApi.Data;

namespace Hotpath.BenchApi.Features;

/// <summary>One product in a list.</summary>
public sealed record ProductSummary(int Id, string Name, decimal Price, string Category, double? Rating, IReadOnlyList<string> Tags);
