namespace Hotpath.Demo.Services;

/// <summary>A document that matched a search, with its relevance score.</summary>
public sealed record SearchHit(int Id, string Title, double Score, string Snippet);
