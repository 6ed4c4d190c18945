using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;

namespace Hotpath.BenchApi.Features;

/// <summary>A page of products, optionally in one category and under a price.</summary>
public sealed record ListProductsQuery(string? Category, decimal? MaxPrice, int Page, int PageSize) : IRequest<ProductPage>;
