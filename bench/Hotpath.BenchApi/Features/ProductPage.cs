namespace Hotpath.BenchApi.Features;

/// <summary>A page of products and the total that matched.</summary>
public sealed record ProductPage(int Total, int Page, int PageSize, IReadOnlyList<ProductSummary> Items);
