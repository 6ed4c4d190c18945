using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Features;

/// <summary>Loads the products, prices the order, takes stock, saves in one transaction.</summary>
public sealed class PlaceOrderHandler(ShopDb db) : IRequestHandler<PlaceOrderCommand, OrderPlaced>
{
    public async Task<OrderPlaced> HandleAsync(PlaceOrderCommand request, CancellationToken cancellationToken)
    {
        var items = request.Items!;
        var ids = items.Select(i => i.ProductId).Distinct().ToList();
        var products = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var missing = ids.Where(id => !products.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new ValidationException([$"unknown product(s) {string.Join(", ", missing)}"]);
        }

        var order = new Order { CustomerId = request.CustomerId, CreatedUtc = DateTime.UtcNow };
        foreach (var item in items)
        {
            var product = products[item.ProductId];
            product.Stock = Math.Max(0, product.Stock - item.Quantity);
            order.Lines.Add(new OrderLine { ProductId = product.Id, Quantity = item.Quantity, UnitPrice = product.Price });
        }

        order.Total = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return new OrderPlaced(order.Id, order.Total, order.Lines.Count);
    }
}
