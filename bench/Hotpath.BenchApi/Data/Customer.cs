namespace Hotpath.BenchApi.Data;

/// <summary>A customer who places orders.</summary>
public sealed class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
}
