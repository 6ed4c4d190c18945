using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Features;

/// <summary>Loads the product with includes (split into several queries), then related products.</summary>
public sealed class GetProductHandler(ShopDb db) : IRequestHandler<GetProductQuery, ProductDetail?>
{
    public async Task<ProductDetail?> HandleAsync(GetProductQuery request, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking()
            .Include(p => p.Category)
            .Include(p => p.Tags)
            .Include(p => p.Reviews)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == request.Id, cancellationToken);
        if (product is null)
        {
            return null;
        }

        var related = await db.Products.AsNoTracking()
            .Where(p => p.CategoryId == product.CategoryId && p.Id != product.Id)
            .OrderBy(p => p.Price).Take(5)
            .Select(p => new ProductSummary(p.Id, p.Name, p.Price, p.Category!.Name, p.Reviews.Average(r => (double?)r.Rating), new List<string>()))
            .ToListAsync(cancellationToken);
        return new ProductDetail(product.Id, product.Name, product.Description, product.Price, product.Stock, product.Category!.Name,
            product.Tags.Select(t => t.Label).ToList(),
            product.Reviews.OrderByDescending(r => r.CreatedUtc).Take(10).Select(r => new ReviewView(r.Rating, r.Author, r.Text, r.CreatedUtc)).ToList(), related);
    }
}
