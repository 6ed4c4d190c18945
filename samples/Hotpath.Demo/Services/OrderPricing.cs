using System.Runtime.CompilerServices;

namespace Hotpath.Demo.Services;

/// <summary>
/// Prices orders: volume discounts per line, a loyalty discount, free shipping above a threshold, regional tax.
/// All money is <see cref="decimal"/> and rounded half away from zero to cents, per line and per order.
/// </summary>
public sealed class OrderPricing
{
    /// <summary>Orders whose discounted subtotal reaches this ship for free.</summary>
    public const decimal FreeShippingThreshold = 75m;

    /// <summary>The flat shipping charge below <see cref="FreeShippingThreshold"/>.</summary>
    public const decimal ShippingCharge = 6.95m;

    /// <summary>Prices one order.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public PricedOrder Price(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var lines = new PricedLine[order.Lines.Count];
        decimal subtotal = 0, discount = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = order.Lines[i];
            var gross = line.UnitPrice * line.Quantity;
            var lineDiscount = Cents(gross * VolumeDiscountRate(line.Quantity, line.Category));
            lines[i] = new PricedLine(line.ProductId, line.ProductName, line.Quantity, line.UnitPrice, lineDiscount, gross - lineDiscount);
            subtotal += gross;
            discount += lineDiscount;
        }

        if (order.LoyaltyMember)
        {
            discount += Cents((subtotal - discount) * 0.05m);
        }

        var net = subtotal - discount;
        var shipping = net >= FreeShippingThreshold || net == 0 ? 0m : ShippingCharge;
        var tax = Cents((net + shipping) * TaxRate(order.Region));
        return new PricedOrder(order.Id, order.CustomerId, order.Region, order.PlacedOn, lines, subtotal, discount, shipping, tax, net + shipping + tax);
    }

    /// <summary>Prices every order and totals them, overall and per region (regions in name order).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public OrdersSummary Summarize(IReadOnlyList<Order> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var regions = new SortedDictionary<string, (int Orders, decimal Revenue, decimal Tax)>(StringComparer.Ordinal);
        int units = 0;
        decimal revenue = 0, discounts = 0, tax = 0;
        foreach (var order in orders)
        {
            var priced = Price(order);
            foreach (var line in priced.Lines)
            {
                units += line.Quantity;
            }

            revenue += priced.Total;
            discounts += priced.Discount;
            tax += priced.Tax;
            var region = regions.GetValueOrDefault(priced.Region);
            regions[priced.Region] = (region.Orders + 1, region.Revenue + priced.Total, region.Tax + priced.Tax);
        }

        var rows = new List<RegionSummary>(regions.Count);
        foreach (var (name, region) in regions)
        {
            rows.Add(new RegionSummary(name, region.Orders, region.Revenue, region.Tax, Cents(region.Revenue / region.Orders)));
        }

        return new OrdersSummary(orders.Count, units, revenue, discounts, tax, rows);
    }

    private static decimal VolumeDiscountRate(int quantity, string category) => quantity switch
    {
        >= 10 => category is "books" or "music" ? 0.15m : 0.10m,
        >= 5 => 0.05m,
        _ => 0m,
    };

    private static decimal TaxRate(string region) => region switch
    {
        "north" => 0.0825m,
        "south" => 0.0700m,
        "east" => 0.0875m,
        "west" => 0.0950m,
        _ => 0.0600m,
    };

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
