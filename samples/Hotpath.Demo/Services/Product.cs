namespace Hotpath.Demo.Services;

/// <summary>A product in the in-memory catalog.</summary>
public sealed record Product(int Id, string Name, string Category, decimal Price, double Rating, int Reviews, int Stock);
