using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Features;

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
