using Hotpath.Demo.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotpath.Demo;

/// <summary>Registers the demo's services.</summary>
public static class DemoServiceCollectionExtensions
{
    /// <summary>Adds the in-memory catalog, search index, order store and the compute services as singletons.</summary>
    public static IServiceCollection AddDemoServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProductCatalog>();
        services.AddSingleton<TextSearch>();
        services.AddSingleton<PrimeSieve>();
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderPricing>();
        return services;
    }
}
