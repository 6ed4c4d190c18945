namespace Hotpath.BenchApi.Data;

/// <summary>An order and its lines.</summary>
public sealed class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public decimal Total { get; set; }
    public List<OrderLine> Lines { get; } = [];
}
