using Hotpath.BenchApi.Features;
using Hotpath.BenchApi.Mediation;

namespace Hotpath.BenchApi;

/// <summary>Registers the mediator, its behaviours (outermost first) and the handlers and validators.</summary>
public static class ShopServiceCollectionExtensions
{
    /// <summary>Adds the shop's request pipeline.</summary>
    public static IServiceCollection AddShopPipeline(this IServiceCollection services)
    {
        services.AddScoped<Mediator>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TimingBehavior<,>));
        services.AddScoped<IRequestHandler<ListProductsQuery, ProductPage>, ListProductsHandler>();
        services.AddScoped<IValidator<ListProductsQuery>, ListProductsValidator>();
        services.AddScoped<IRequestHandler<GetProductQuery, ProductDetail?>, GetProductHandler>();
        services.AddScoped<IValidator<GetProductQuery>, GetProductValidator>();
        services.AddScoped<IRequestHandler<PlaceOrderCommand, OrderPlaced>, PlaceOrderHandler>();
        services.AddScoped<IValidator<PlaceOrderCommand>, PlaceOrderValidator>();
        return services;
    }
}
