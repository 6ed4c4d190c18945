using Hotpath.Demo.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hotpath.Demo.Pages;

/// <summary>The home page: a per-category summary of the catalog.</summary>
public sealed class IndexModel(ProductCatalog catalog) : PageModel
{
    /// <summary>The table rows, one per category.</summary>
    public IReadOnlyList<CategorySummary> Rows { get; private set; } = [];

    /// <summary>Computes the table.</summary>
    public void OnGet() => Rows = catalog.SummarizeCategories();
}
