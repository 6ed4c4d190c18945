using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Mediation;
using Microsoft.EntityFrameworkCore;

namespace Hotpath.BenchApi.Features;

/// <summary>Checks paging and that the category exists (a query).</summary>
public sealed class ListProductsValidator(ShopDb db) : IValidator<ListProductsQuery>
{
    public async Task<IReadOnlyList<string>> ValidateAsync(ListProductsQuery request, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (request.Page < 1)
        {
            errors.Add("page must be 1 or more");
        }

        if (request.PageSize is < 1 or > 100)
        {
            errors.Add("pageSize must be between 1 and 100");
        }

        if (request.Category is { } category && !await db.Categories.AnyAsync(c => c.Name == category, cancellationToken))
        {
            errors.Add($"unknown category '{category}'");
        }

        return errors;
    }
}
