using System.Runtime.CompilerServices;

namespace Hotpath.Demo.Services;

/// <summary>
/// An in-memory catalog of generated products (fixed seed, so every run sees the same data). Queries filter, rank,
/// sort and page by hand rather than through LINQ so that the work shows up in a profile under this class's names.
/// </summary>
public sealed class ProductCatalog
{
    /// <summary>The number of generated products.</summary>
    public const int ProductCount = 2_000;

    /// <summary>The largest page size a caller may ask for.</summary>
    public const int MaxPageSize = 100;

    private static readonly string[] Categories =
    [
        "books", "music", "games", "garden", "kitchen", "toys", "tools", "sports", "outdoor", "office", "beauty", "pets",
    ];

    private static readonly string[] Adjectives =
    [
        "Classic", "Compact", "Deluxe", "Eco", "Ergonomic", "Heavy-duty", "Lightweight", "Modern", "Portable", "Premium",
        "Rustic", "Smart", "Sturdy", "Vintage", "Wireless",
    ];

    private static readonly string[] Nouns =
    [
        "Lamp", "Kettle", "Backpack", "Speaker", "Notebook", "Chair", "Puzzle", "Shovel", "Racket", "Tent", "Brush",
        "Feeder", "Drill", "Blender", "Headphones", "Planter", "Desk", "Bottle", "Camera", "Jacket",
    ];

    private static readonly (decimal Limit, string Name)[] PriceBandLimits =
    [
        (10m, "under-10"), (25m, "10-25"), (50m, "25-50"), (100m, "50-100"), (decimal.MaxValue, "100-plus"),
    ];

    private readonly Product[] _products;

    /// <summary>Generates the catalog.</summary>
    public ProductCatalog()
    {
        var random = new Random(20_240_601);
        _products = new Product[ProductCount];
        for (var i = 0; i < _products.Length; i++)
        {
            var name = $"{Adjectives[random.Next(Adjectives.Length)]} {Nouns[random.Next(Nouns.Length)]} {i + 1:D4}";
            var price = Math.Round((decimal)(2 + (random.NextDouble() * random.NextDouble() * 300)), 2);
            _products[i] = new Product(
                Id: i + 1,
                Name: name,
                Category: Categories[random.Next(Categories.Length)],
                Price: price,
                Rating: Math.Round(1 + (random.NextDouble() * 4), 1),
                Reviews: random.Next(0, 5_000),
                Stock: random.Next(0, 250));
        }
    }

    /// <summary>The category names, in display order.</summary>
    public static IReadOnlyList<string> CategoryNames => Categories;

    /// <summary>
    /// Returns one page of the products in <paramref name="category"/> (all when null or empty), best ranked first,
    /// with price-band counts over all matches. Out-of-range paging arguments are clamped.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public ProductPage Query(string? category, int page = 1, int pageSize = 20)
    {
        category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);

        var matches = new List<(double Rank, Product Product)>(category is null ? _products.Length : _products.Length / 8);
        var bandCounts = new int[PriceBandLimits.Length];
        foreach (var product in _products)
        {
            if (category is not null && !string.Equals(product.Category, category, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            matches.Add((Rank(product), product));
            bandCounts[PriceBand(product.Price)]++;
        }

        matches.Sort(static (a, b) =>
        {
            var byRank = b.Rank.CompareTo(a.Rank);
            return byRank != 0 ? byRank : a.Product.Id.CompareTo(b.Product.Id);
        });

        var totalPages = Math.Max(1, (matches.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, totalPages);
        var start = (page - 1) * pageSize;
        var count = Math.Max(0, Math.Min(pageSize, matches.Count - start));
        var items = new Product[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = matches[start + i].Product;
        }

        var bands = new Dictionary<string, int>(PriceBandLimits.Length);
        for (var i = 0; i < PriceBandLimits.Length; i++)
        {
            bands[PriceBandLimits[i].Name] = bandCounts[i];
        }

        return new ProductPage(category, page, pageSize, matches.Count, totalPages, items, bands);
    }

    /// <summary>Per-category aggregates over the whole catalog, in category order.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public IReadOnlyList<CategorySummary> SummarizeCategories()
    {
        var rows = new List<CategorySummary>(Categories.Length);
        foreach (var category in Categories)
        {
            int products = 0, units = 0;
            decimal min = decimal.MaxValue, max = decimal.MinValue, sum = 0;
            double ratings = 0;
            foreach (var product in _products)
            {
                if (!string.Equals(product.Category, category, StringComparison.Ordinal))
                {
                    continue;
                }

                products++;
                units += product.Stock;
                sum += product.Price;
                ratings += product.Rating;
                min = Math.Min(min, product.Price);
                max = Math.Max(max, product.Price);
            }

            if (products > 0)
            {
                rows.Add(new CategorySummary(category, products, min, Math.Round(sum / products, 2), max, Math.Round(ratings / products, 2), units));
            }
        }

        return rows;
    }

    /// <summary>Finds a product by id.</summary>
    public Product? Find(int id) => id >= 1 && id <= _products.Length ? _products[id - 1] : null;

    // A Bayesian-style average: many reviews pull a product's rating towards its own, few towards the global mean,
    // and products that are out of stock sink.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Rank(Product product)
    {
        const double PriorMean = 3.0;
        const double PriorWeight = 50.0;
        var weighted = ((product.Rating * product.Reviews) + (PriorMean * PriorWeight)) / (product.Reviews + PriorWeight);
        var popularity = Math.Log(1 + product.Reviews);
        var availability = product.Stock == 0 ? 0.25 : 1.0;
        return (weighted + (0.1 * popularity)) * availability;
    }

    private static int PriceBand(decimal price)
    {
        for (var i = 0; i < PriceBandLimits.Length; i++)
        {
            if (price < PriceBandLimits[i].Limit)
            {
                return i;
            }
        }

        return PriceBandLimits.Length - 1;
    }
}
