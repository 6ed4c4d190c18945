using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.LineProfiler.Tests.Api;

/// <summary>Hotpath on a real Kestrel (127.0.0.1:0) in the test process, without the sampling profiler's EventPipe session.</summary>
internal sealed class LineApp : IAsyncDisposable
{
    private LineApp(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/__profile__/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<LineApp> StartAsync(Action<Hotpath.AspNetCore.HotpathOptions>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = contentRoot ?? AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHotpath(configure);
        // The sampling profiler is not under test here; an EventPipe session on the test process itself can deadlock it.
        foreach (var d in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null).ToList())
        {
            builder.Services.Remove(d);
        }

        var app = builder.Build();
        app.UseHotpath();
        app.MapGet("/loop", () => Hotpath.LineDemo.Scenarios.Loop(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await app.StartAsync();
        return new LineApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
