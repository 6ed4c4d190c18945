using Hotpath.Demo.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotpath.Demo.Endpoints;

/// <summary>
/// The demo's minimal API endpoints. Handlers are named methods rather than lambdas so that profiles and
/// endpoint metadata show readable names.
/// </summary>
public static class DemoEndpoints
{
    /// <summary>Maps /hello and the /api endpoints.</summary>
    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/hello", Hello);
        var api = endpoints.MapGroup("/api");
        api.MapGet("/products", GetProducts);
        api.MapGet("/search", Search);
        api.MapGet("/compute", Compute);
        api.MapGet("/async-report", GetAsyncReport);
        api.MapGet("/checkout", Checkout);
        return endpoints;
    }

    /// <summary>GET /hello: the trivial endpoint the overhead benchmark measures.</summary>
    public static string Hello() => "Hello, world!";

    /// <summary>GET /api/products?category=&amp;page=&amp;pageSize=: one page of the catalog, best ranked first.</summary>
    public static Ok<ProductPage> GetProducts(ProductCatalog catalog, string? category, int? page, int? pageSize) =>
        TypedResults.Ok(catalog.Query(category, page ?? 1, pageSize ?? 20));

    /// <summary>GET /api/search?q=&amp;top=: the best matching documents; 400 without a query.</summary>
    public static Results<Ok<SearchResult>, ProblemHttpResult> Search(TextSearch search, string? q, int? top)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Problem("Pass the words to search for in the query string, e.g. /api/search?q=profile.", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(search.Search(q, top ?? 10));
    }

    /// <summary>GET /api/compute?n=: counts the primes up to n (clamped to 2..5,000,000; default 4,000,000).</summary>
    public static Ok<ComputeResult> Compute(PrimeSieve sieve, int? n)
    {
        var limit = PrimeSieve.ClampLimit(n);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var primes = sieve.CountPrimes(limit);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return TypedResults.Ok(new ComputeResult(limit, primes, Math.Round(elapsed.TotalMilliseconds, 2)));
    }

    /// <summary>
    /// GET /api/checkout?orderId=: a bug on purpose. It throws, so Hotpath's error log records the exception with its
    /// (redacted) request and the client gets UseHotpathExceptions' 500 (problem+json, HTML or text).
    /// </summary>
    public static IResult Checkout(OrderStore store, int? orderId)
    {
        var order = store.Find(orderId ?? 1);
        throw new InvalidOperationException($"The payment provider rejected order {order?.Id}: the demo's checkout always fails.");
    }

    /// <summary>GET /api/async-report: a report built across awaits, so its work hops between thread-pool threads.</summary>
    public static async Task<Ok<Report>> GetAsyncReport(ReportBuilder builder, HttpContext context) =>
        TypedResults.Ok(await builder.BuildReport(context.RequestAborted));
}
