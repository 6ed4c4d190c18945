using Hotpath.AspNetCore;
using Hotpath.AspNetCore.Errors;
using Hotpath.AspNetCore.Pipeline;
using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Pyroscope;
using Hotpath.AspNetCore.Lines;
using Hotpath.AspNetCore.Ui;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, ViewsApi>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, RequestsApi>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, ExportApi>());

        // Optional push to Pyroscope: idle unless Hotpath:Pyroscope:ServerUrl is set.
        services.AddOptions<PyroscopeOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(PyroscopeOptions.SectionName).Bind(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PyroscopeOptions>, PyroscopeOptionsValidator>());
        services.TryAddSingleton<PyroscopeStatus>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, PyroscopeApi>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PyroscopePusher>());
        AddErrorLog(services);
        AddPipelineView(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, LinesApi>());
        services.TryAddSingleton<LineReportQueue>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LineReportWriter>());
        services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, LineReportStartupFilter>();
        services.AddHostedService(sp => sp.GetRequiredService<ProfilerHost>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, HotpathStartupChecks>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ProfileAccessMatcherPolicy>());
        return services;
    }

    // The error log (Errors/): capture through diagnostic events, redaction, the in-memory log and its API.
    private static void AddErrorLog(IServiceCollection services)
    {
        services.TryAddSingleton<ErrorLog>();
        services.TryAddSingleton<ErrorStoreStatus>();
        services.TryAddSingleton(sp => new HeaderRedactor(sp.GetRequiredService<IOptions<HotpathOptions>>().Value));
        services.TryAddSingleton<ErrorCapture>();
        services.TryAddSingleton<SqliteErrorStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IErrorSink, SqliteErrorStore>(sp => sp.GetRequiredService<SqliteErrorStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ErrorStoreHostedService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ErrorCaptureStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, ErrorsApi>());
    }

    // The pipeline view (Pipeline/): a startup filter wraps each middleware; its API reads the recent records.
    private static void AddPipelineView(IServiceCollection services)
    {
        services.TryAddSingleton<RecentRequests>();
        services.TryAddSingleton<PipelineAggregate>();
        services.TryAddSingleton<PipelineRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PipelineStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProfileApi, PipelineApi>());
    }
}
