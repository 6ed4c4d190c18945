namespace Hotpath.BenchApi.Features;

/// <summary>One line of an order to place.</summary>
public sealed record OrderItem(int ProductId, int Quantity);
