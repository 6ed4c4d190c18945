namespace Hotpath.Demo.Services;

/// <summary>An in-memory store of generated orders (fixed seed) over the products of the <see cref="ProductCatalog"/>.</summary>
public sealed class OrderStore
{
    /// <summary>The number of generated orders.</summary>
    public const int OrderCount = 1_000;

    private static readonly string[] Regions = ["north", "south", "east", "west", "central"];

    private readonly Order[] _orders;

    /// <summary>Generates the orders.</summary>
    public OrderStore(ProductCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var random = new Random(4_711);
        var firstDay = new DateOnly(2025, 1, 1);
        _orders = new Order[OrderCount];
        for (var i = 0; i < _orders.Length; i++)
        {
            var lines = new OrderLine[random.Next(1, 9)];
            for (var l = 0; l < lines.Length; l++)
            {
                var product = catalog.Find(random.Next(1, ProductCatalog.ProductCount + 1))!;
                lines[l] = new OrderLine(product.Id, product.Name, product.Category, product.Price, random.Next(1, 13));
            }

            _orders[i] = new Order(
                Id: i + 1,
                CustomerId: random.Next(1, 300),
                Region: Regions[random.Next(Regions.Length)],
                LoyaltyMember: random.Next(4) == 0,
                PlacedOn: firstDay.AddDays(random.Next(365)),
                Lines: lines);
        }
    }

    /// <summary>All orders, by id.</summary>
    public IReadOnlyList<Order> All => _orders;

    /// <summary>Finds an order by id, or returns null.</summary>
    public Order? Find(int id) => id >= 1 && id <= _orders.Length ? _orders[id - 1] : null;
}
