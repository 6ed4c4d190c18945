using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;

namespace Hotpath.BenchApi.Features;

/// <summary>Places an order for a customer.</summary>
public sealed record PlaceOrderCommand(int CustomerId, IReadOnlyList<OrderItem>? Items) : IRequest<OrderPlaced>;
