using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Features;

/// <summary>Counts, pages, then loads the page's ratings and tags: four queries.</summary>
public sealed class ListProductsHandler(ShopDb db) : IRequestHandler<ListProductsQuery, ProductPage>
{
    public async Task<ProductPage> HandleAsync(ListProductsQuery request, CancellationToken cancellationToken)
    {
        var query = db.Products.AsNoTracking();
        if (request.Category is { } category)
        {
            query = query.Where(p => p.Category!.Name == category);
        }

        if (request.MaxPrice is { } maxPrice)
        {
            var max = (double)maxPrice;
            query = query.Where(p => (double)p.Price <= max);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .Select(p => new { p.Id, p.Name, p.Price, Category = p.Category!.Name })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var ratings = await db.Reviews.AsNoTracking().Where(r => ids.Contains(r.ProductId))
            .GroupBy(r => r.ProductId).Select(g => new { g.Key, Rating = g.Average(r => (double)r.Rating) })
            .ToDictionaryAsync(g => g.Key, g => g.Rating, cancellationToken);
        var tags = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .SelectMany(p => p.Tags, (p, t) => new { ProductId = p.Id, t.Label })
            .ToListAsync(cancellationToken);
        var byProduct = tags.ToLookup(t => t.ProductId, t => t.Label);
        var items = rows.Select(r => new ProductSummary(r.Id, r.Name, r.Price, r.Category,
            ratings.TryGetValue(r.Id, out var rating) ? Math.Round(rating, 2) : null, byProduct[r.Id].Order(StringComparer.Ordinal).ToList())).ToList();
        return new ProductPage(total, request.Page, request.PageSize, items);
    }
}
