namespace Hotpath.Demo.Services;

/// <summary>An order with its lines priced, discounts applied and tax added.</summary>
public sealed record PricedOrder(
    int Id,
    int CustomerId,
    string Region,
    DateOnly PlacedOn,
    IReadOnlyList<PricedLine> Lines,
    decimal Subtotal,
    decimal Discount,
    decimal Shipping,
    decimal Tax,
    decimal Total);
