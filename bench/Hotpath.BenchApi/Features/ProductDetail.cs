using Hotpath.BenchApi.Data;

namespace Hotpath.BenchApi.Features;

/// <summary>A product page.</summary>
public sealed record ProductDetail(int Id, string Name, string Description, decimal Price, int Stock, string Category,
    IReadOnlyList<string> Tags, IReadOnlyList<ReviewView> Reviews, IReadOnlyList<ProductSummary> Related);
