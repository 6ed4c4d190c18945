namespace Hotpath.Demo.Services;

/// <summary>One line of an order: a catalog product and a quantity.</summary>
public sealed record OrderLine(int ProductId, string ProductName, string Category, decimal UnitPrice, int Quantity);
