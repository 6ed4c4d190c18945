namespace Hotpath.BenchApi.Data;

/// <summary>A customer review of a product.</summary>
public sealed class Review
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public int Rating { get; set; }
    public string Author { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}
