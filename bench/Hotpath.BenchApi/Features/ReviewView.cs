namespace Hotpath.BenchApi.Features;

/// <summary>A review as shown on a product page.</summary>
public sealed record ReviewView(int Rating, string Author, string Text, DateTime CreatedUtc);
