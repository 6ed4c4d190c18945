namespace Hotpath.BenchApi.Data;

/// <summary>A product category.</summary>
public sealed class Category
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public List<Product> Products { get; } = [];
}
