using BenchmarkDotNet.Attributes;
using Hotpath.AspNetCore.Pipeline;
using Hotpath.AspNetCore.Requests;
using Hotpath.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hotpath.Benchmarks;

/// <summary>
/// What the pipeline view adds per request: the same eight pass-through middleware and a trivial endpoint, built plainly
/// and through <see cref="PipelineBuilder"/> (each middleware wrapped, timed, and the steps attached to the request's
/// record at the end). Synchronous, so only the wrapping is measured, not scheduling.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Middleware = 8;
    private RequestDelegate _plain = null!;
    private RequestDelegate _viewed = null!;
    private HttpContext _context = null!;
    private IHost _host = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHotpath();
        var app = builder.Build();
        _host = app;
        var root = ((IApplicationBuilder)app).New();
        _plain = Build(root.New());
        _viewed = Build(new PipelineBuilder(root.New(), app.Services.GetRequiredService<PipelineRecorder>(), _ => { }));
        _context = new DefaultHttpContext { RequestServices = app.Services };
        _context.Features.Set<IHotpathRequestFeature>(new HotpathRequestFeature(new RequestRecord(1, DateTimeOffset.UtcNow, 0, "GET", "/hello")));
    }

    [GlobalCleanup]
    public void Cleanup() => (_host as IDisposable)?.Dispose();

    [Benchmark(Baseline = true)]
    public Task EightMiddleware_WithoutPipelineView() => _plain(_context);

    [Benchmark]
    public Task EightMiddleware_WithPipelineView() => _viewed(_context);

    private static RequestDelegate Build(IApplicationBuilder pipeline)
    {
        for (var i = 0; i < Middleware; i++)
        {
            pipeline.Use(next => context => next(context));
        }

        pipeline.Run(_ => Task.CompletedTask);
        return pipeline.Build();
    }
}
