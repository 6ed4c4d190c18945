using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Data;

/// <summary>The shop's EF Core context.</summary>
public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // SQLite has no decimal type; store prices as REAL like many SQLite-backed apps do.
        modelBuilder.Entity<Product>().Property(p => p.Price).HasConversion<double>();
        modelBuilder.Entity<Order>().Property(o => o.Total).HasConversion<double>();
        modelBuilder.Entity<OrderLine>().Property(l => l.UnitPrice).HasConversion<double>();
        modelBuilder.Entity<Product>().HasIndex(p => new { p.CategoryId, p.Price });
        modelBuilder.Entity<Review>().HasIndex(r => r.ProductId);
    }
}
