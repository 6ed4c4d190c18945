namespace Hotpath.Demo.Services;

/// <summary>Aggregates over the products of one category.</summary>
public sealed record CategorySummary(string Category, int Products, decimal MinPrice, decimal AveragePrice, decimal MaxPrice, double AverageRating, int UnitsInStock);
