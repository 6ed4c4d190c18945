using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A small app with Hotpath, hosted in the test process on a real Kestrel bound to 127.0.0.1:0. Tests using it belong to
/// <see cref="DemoCollection"/>: Hotpath's request tracking and options are process-wide concerns.
/// </summary>
internal sealed class InProcessApp : IAsyncDisposable
{
    /// <summary>The app's own endpoint; it answers "app".</summary>
    public const string AppEndpoint = "/app";

    private InProcessApp(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>A builder in <paramref name="environmentName"/> with an empty content root (no appsettings.json) and no console logging.</summary>
    public static WebApplicationBuilder CreateBuilder(string environmentName = "Development")
    {
        var contentRoot = Path.Combine(AppContext.BaseDirectory, "in-process-content-root");
        Directory.CreateDirectory(contentRoot);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environmentName,
            ContentRootPath = contentRoot,
            Args = [],
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>Builds the app with <c>UseHotpath()</c> first and a trivial endpoint behind it.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseHotpath();
        app.MapGet(AppEndpoint, () => "app");
        return app;
    }

    /// <summary>
    /// <c>services.AddHotpath(configure)</c>, minus the hosted service that starts the sampling profiler. The middleware,
    /// access checks, UI, API and exports are the real ones; only the EventPipe session is left out of the test process.
    /// Stopping a session a process holds on itself can deadlock that whole process (the runtime flushes the session
    /// into a full pipe whose only reader is a blocked thread of the same process; dotnet/runtime#1892), which would
    /// freeze the test run instead of failing one test. The demo-process tests cover the profiler itself.
    /// </summary>
    public static IServiceCollection AddHotpathWithoutProfiler(IServiceCollection services, Action<HotpathOptions>? configure = null)
    {
        var before = services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
        services.AddHotpath(configure);
        // AddHotpath registers ProfilerHost as a hosted service through a factory (its antiforgery/data-protection
        // hosted service is registered by type and stays).
        var profiler = services.Where(d => d.ServiceType == typeof(IHostedService) && !before.Contains(d) && d.ImplementationFactory is not null).ToList();
        services.Remove(Assert.Single(profiler));
        return services;
    }

    public static async Task<InProcessApp> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return new InProcessApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
