using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Data;

/// <summary>Creates the database and fills it with a deterministic catalogue.</summary>
public static class Seeder
{
    /// <summary>Categories in the seeded catalogue.</summary>
    public static readonly string[] CategoryNames = ["books", "games", "music", "garden", "kitchen", "toys", "tools", "sports"];

    /// <summary>Number of seeded products (ids 1..Products).</summary>
    public const int Products = 1000;

    /// <summary>Number of seeded customers (ids 1..Customers).</summary>
    public const int Customers = 200;

    /// <summary>Creates the schema and seeds it; the database must be new.</summary>
    public static async Task SeedAsync(ShopDb db, CancellationToken cancellationToken)
    {
        await db.Database.EnsureCreatedAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        var random = new Random(42);
        var categories = CategoryNames.Select(n => new Category { Name = n }).ToList();
        var tags = Enumerable.Range(1, 30).Select(i => new Tag { Label = $"tag-{i}" }).ToList();
        db.Categories.AddRange(categories);
        db.Tags.AddRange(tags);
        for (var i = 1; i <= Products; i++)
        {
            var product = new Product
            {
                Name = $"Product {i}",
                Description = $"A fine {categories[i % categories.Count].Name} item, number {i}, seeded for the benchmark.",
                Price = Math.Round((decimal)(random.NextDouble() * 200) + 1, 2),
                Stock = random.Next(0, 500),
                Category = categories[i % categories.Count],
            };
            for (var r = 0; r < 1 + (i % 7); r++)
            {
                product.Reviews.Add(new Review
                {
                    Rating = 1 + random.Next(5),
                    Author = $"reviewer{random.Next(1000)}",
                    Text = $"Review {r} of product {i}: " + new string('x', 40 + random.Next(120)),
                    CreatedUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 3 + r),
                });
            }

            product.Tags.Add(tags[i % tags.Count]);
            product.Tags.Add(tags[(i * 7 + 3) % tags.Count]);
            db.Products.Add(product);
        }

        for (var c = 1; c <= Customers; c++)
        {
            db.Customers.Add(new Customer { Name = $"Customer {c}", Email = $"customer{c}@example.test" });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
