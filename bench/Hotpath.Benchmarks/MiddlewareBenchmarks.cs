using BenchmarkDotNet.Attributes;
using Hotpath.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hotpath.Benchmarks;

/// <summary>
/// What Hotpath adds to every request: the middleware's request mark (an <see cref="AsyncLocal{T}"/> whose change
/// callback logs each switch), the request count, and its frame in the pipeline. Each benchmark builds the same tiny
/// pipeline with and without <c>UseHotpath()</c>; the endpoint either completes synchronously or awaits twice (resumed
/// by hand on this thread, so thread-pool scheduling noise stays out). The profiler itself is not started here: its
/// cost is per sample, not per request, and is measured end to end by <c>bench/overhead.sh</c>.
/// </summary>
[MemoryDiagnoser]
public class MiddlewareBenchmarks
{
    private readonly ManualAwaitable _resume = new();
    private RequestDelegate _plain = null!;
    private RequestDelegate _profiled = null!;
    private RequestDelegate _plainAsync = null!;
    private RequestDelegate _profiledAsync = null!;
    private HttpContext _context = null!;
    private IHost _host = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHotpath(options => options.Enabled = true);
        var app = builder.Build();
        _host = app;
        _plain = Build(app, profiled: false, awaits: false);
        _profiled = Build(app, profiled: true, awaits: false);
        _plainAsync = Build(app, profiled: false, awaits: true);
        _profiledAsync = Build(app, profiled: true, awaits: true);
        _context = new DefaultHttpContext { RequestServices = app.Services };
        _context.Request.Path = "/hello";
    }

    [GlobalCleanup]
    public void Cleanup() => (_host as IDisposable)?.Dispose();

    [Benchmark(Baseline = true)]
    public Task Sync_WithoutHotpath() => _plain(_context);

    [Benchmark]
    public Task Sync_WithHotpath() => _profiled(_context);

    [Benchmark]
    public void TwoAwaits_WithoutHotpath() => Drive(_plainAsync(_context));

    [Benchmark]
    public void TwoAwaits_WithHotpath() => Drive(_profiledAsync(_context));

    private RequestDelegate Build(WebApplication app, bool profiled, bool awaits)
    {
        var pipeline = ((IApplicationBuilder)app).New();
        if (profiled)
        {
            pipeline.UseHotpath();
        }

        pipeline.Run(awaits ? EndpointAsync : static _ => Task.CompletedTask);
        return pipeline.Build();
    }

    private async Task EndpointAsync(HttpContext context)
    {
        await _resume;
        await _resume;
    }

    private void Drive(Task request)
    {
        _resume.Resume();
        _resume.Resume();
        request.GetAwaiter().GetResult();
    }
}
