namespace Hotpath.BenchApi.Data;

/// <summary>A free-form label on products.</summary>
public sealed class Tag
{
    public int Id { get; set; }
    public string Label { get; set; } = "";
    public List<Product> Products { get; } = [];
}
