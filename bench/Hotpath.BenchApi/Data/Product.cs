namespace Hotpath.BenchApi.Data;

/// <summary>A product in the catalogue.</summary>
public sealed class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public decimal Price { get; set; }
    public int Stock { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public List<Review> Reviews { get; } = [];
    public List<Tag> Tags { get; } = [];
}
