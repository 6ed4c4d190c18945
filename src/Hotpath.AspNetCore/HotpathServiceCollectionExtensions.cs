using Hotpath.AspNetCore;
using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Lines;
using Hotpath.AspNetCore.Ui;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Hotpath's services.</summary>
public static class HotpathServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Hotpath profiler. Options are bound from the configuration section <c>Hotpath</c>, then
    /// <paramref name="configure"/> runs, then they are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional code configuration applied after the configuration section.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddHotpath(this IServiceCollection services, Action<HotpathOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<HotpathOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(HotpathOptions.SectionName).Bind(options))
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HotpathOptions>, HotpathOptionsValidator>());
        services.AddAntiforgery();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProfilerHost>();
        services.TryAddSingleton<ProfileEndpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, CoreProfileApi>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, LinesApi>());
        services.TryAddSingleton<LineReportQueue>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LineReportWriter>());
        services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, LineReportStartupFilter>();
        services.AddHostedService(sp => sp.GetRequiredService<ProfilerHost>());
        return services;
    }
}
