namespace Hotpath.Demo.Services;

/// <summary>A customer order as stored, before pricing.</summary>
public sealed record Order(int Id, int CustomerId, string Region, bool LoyaltyMember, DateOnly PlacedOn, IReadOnlyList<OrderLine> Lines);
