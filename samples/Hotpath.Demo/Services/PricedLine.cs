namespace Hotpath.Demo.Services;

/// <summary>An order line after pricing.</summary>
public sealed record PricedLine(int ProductId, string ProductName, int Quantity, decimal UnitPrice, decimal Discount, decimal Net);
