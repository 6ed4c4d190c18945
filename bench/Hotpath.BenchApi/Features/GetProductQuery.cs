using Hotpath.BenchApi.Mediation;

namespace Hotpath.BenchApi.Features;

/// <summary>One product with its category, latest reviews, tags and related products.</summary>
public sealed record GetProductQuery(int Id) : IRequest<ProductDetail?>;
