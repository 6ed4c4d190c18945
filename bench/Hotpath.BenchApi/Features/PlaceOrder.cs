using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Features;

/// <summary>One line of an order to place.</summary>
public sealed record OrderItem(int ProductId, int Quantity);

/// <summary>Places an order for a customer.</summary>
public sealed record PlaceOrderCommand(int CustomerId, IReadOnlyList<OrderItem>? Items) : IRequest<OrderPlaced>;

/// <summary>The placed order.</summary>
public sealed record OrderPlaced(int OrderId, decimal Total, int Lines);

/// <summary>Checks the items and that the customer exists (a query).</summary>
public sealed class PlaceOrderValidator(ShopDb db) : IValidator<PlaceOrderCommand>
{
    public async Task<IReadOnlyList<string>> ValidateAsync(PlaceOrderCommand request, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (request.Items is not { Count: >= 1 and <= 20 })
        {
            errors.Add("an order needs 1 to 20 items");
        }
        else if (request.Items.Any(i => i.Quantity is < 1 or > 10 || i.ProductId < 1))
        {
            errors.Add("every item needs a positive productId and a quantity of 1 to 10");
        }

        if (!await db.Customers.AnyAsync(c => c.Id == request.CustomerId, cancellationToken))
        {
            errors.Add($"unknown customer {request.CustomerId}");
        }

        return errors;
    }
}

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
