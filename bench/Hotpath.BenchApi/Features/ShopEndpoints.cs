using Hotpath.BenchApi.Mediation;

namespace Hotpath.BenchApi.Features;

/// <summary>The HTTP surface: every endpoint sends one request through the mediator.</summary>
public static class ShopEndpoints
{
    /// <summary>Maps /api/products, /api/products/{id}, POST /api/orders and /health.</summary>
    public static IEndpointRouteBuilder MapShop(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => "ok");
        routes.MapGet("/api/products", (string? category, decimal? maxPrice, int? page, int? pageSize, Mediator mediator, CancellationToken ct) =>
            SendAsync(mediator, new ListProductsQuery(category, maxPrice, page ?? 1, pageSize ?? 20), ct));
        routes.MapGet("/api/products/{id:int}", async (int id, Mediator mediator, CancellationToken ct) =>
        {
            try
            {
                var product = await mediator.SendAsync(new GetProductQuery(id), ct);
                return product is null ? Results.NotFound() : Results.Ok(product);
            }
            catch (ValidationException e)
            {
                return Results.BadRequest(new { errors = e.Errors });
            }
        });
        routes.MapPost("/api/orders", async (PlaceOrderCommand command, Mediator mediator, CancellationToken ct) =>
        {
            try
            {
                var placed = await mediator.SendAsync(command, ct);
                return Results.Created($"/api/orders/{placed.OrderId}", placed);
            }
            catch (ValidationException e)
            {
                return Results.BadRequest(new { errors = e.Errors });
            }
        });
        return routes;
    }

    private static async Task<IResult> SendAsync<TResponse>(Mediator mediator, IRequest<TResponse> request, CancellationToken ct)
    {
        try
        {
            return Results.Ok(await mediator.SendAsync(request, ct));
        }
        catch (ValidationException e)
        {
            return Results.BadRequest(new { errors = e.Errors });
        }
    }
}
