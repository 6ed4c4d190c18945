namespace Hotpath.Demo.Services;

/// <summary>One page of a catalog query, with the facet counts of everything that matched.</summary>
public sealed record ProductPage(
    string? Category,
    int Page,
    int PageSize,
    int TotalMatches,
    int TotalPages,
    IReadOnlyList<Product> Items,
    IReadOnlyDictionary<string, int> PriceBands);
