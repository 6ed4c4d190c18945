using System.Net;
using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Requests;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Hotpath.Sampling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Integration;

/// <summary>
/// While the profiler is not running (it stopped, or failed: the UI says why), requests pass through untouched: no mark,
/// no request record, no per-thread log, no allocation.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ProfilerNotRunningTests
{
    [Fact]
    public async Task Request_ProfilerStopped_HasNoFeatureAndNoMark()
    {
        await using var app = await StartAsync();
        var running = await app.Client.GetStringAsync("/feature");
        app.App.Services.GetRequiredService<ProfilerHost>().Profiler.Stop();

        var stopped = await app.Client.GetStringAsync("/feature");

        Assert.StartsWith("feature:True", running, StringComparison.Ordinal);
        Assert.Equal("feature:False mark:0", stopped);
    }

    [Fact]
    public async Task Middleware_ProfilerStopped_AllocatesNothingAndCreatesNoThreadLogs()
    {
        await using var app = await StartAsync();
        var host = app.App.Services.GetRequiredService<ProfilerHost>();
        var middleware = ActivatorUtilities.CreateInstance<HotpathMiddleware>(app.App.Services, (RequestDelegate)(_ => Task.CompletedTask));
        var contexts = Enumerable.Range(0, 1000).Select(_ => Context()).ToArray();
        var warm = Context();
        await middleware.InvokeAsync(warm);
        Assert.NotNull(warm.Features.Get<IHotpathRequestFeature>()); // sanity: the same middleware marks while the profiler may run
        host.Profiler.Stop();
        await middleware.InvokeAsync(Context());

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var context in contexts)
        {
            await middleware.InvokeAsync(context);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var logsBefore = RequestTracker.LogCount;
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() => middleware.InvokeAsync(Context()).GetAwaiter().GetResult())).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, allocated);
        Assert.All(contexts, c => Assert.Null(c.Features.Get<IHotpathRequestFeature>()));
        Assert.Equal(logsBefore, RequestTracker.LogCount);
    }

    private static DefaultHttpContext Context()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/work";
        context.Request.Method = "GET";
        return context;
    }

    private static async Task<InProcessApp> StartAsync()
    {
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        var app = InProcessApp.Build(builder);
        app.MapGet("/feature", (HttpContext context) => $"feature:{context.Features.Get<IHotpathRequestFeature>() is not null} mark:{RequestTracker.CurrentRequestId}");
        return await InProcessApp.StartAsync(app);
    }
}
