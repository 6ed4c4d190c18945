namespace Hotpath.BenchApi.Features;

/// <summary>The placed order.</summary>
public sealed record OrderPlaced(int OrderId, decimal Total, int Lines);
