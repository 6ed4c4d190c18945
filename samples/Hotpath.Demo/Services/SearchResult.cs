namespace Hotpath.Demo.Services;

/// <summary>The best hits for a query, and how many documents matched at all.</summary>
public sealed record SearchResult(string Query, IReadOnlyList<string> Terms, int TotalMatches, IReadOnlyList<SearchHit> Hits);
