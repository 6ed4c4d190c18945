using System.Net;
using System.Text.Json;
using Hotpath.AspNetCore.Requests;
using Hotpath.AspNetCore.Tests.Errors;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Pipeline;

/// <summary>The pipeline view on a real Kestrel: order, names, short-circuit, exceptions passing and handled.</summary>
[Collection(DemoCollection.Name)]
public sealed class PipelineViewTests
{
    [Fact]
    public async Task Pipeline_NormalRequest_AllKindsOfMiddlewareInOrderWithNames()
    {
        await using var app = await StartAsync();

        var id = await app.Client.GetStringAsync("/ok");
        var steps = await PipelineAsync(app, id);

        var names = steps.Select(s => s.GetProperty("name").GetString()!).ToList();
        var expected = new[]
        {
            "Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware",
            "Hotpath.AspNetCore.HotpathMiddleware",
            nameof(ConfigurePipeline),
            typeof(ConventionMiddleware).FullName!,
            typeof(FactoryMiddleware).FullName!,
            typeof(ShortCircuitMiddleware).FullName!,
            "Microsoft.AspNetCore.Routing.EndpointMiddleware",
        };
        // Steps are named by the one display-name function, as every frame is shown.
        expected = expected.Select(Hotpath.Symbols.DisplayNames.Format).ToArray();
        var positions = expected.Select(e => names.FindIndex(n => n.Contains(e, StringComparison.Ordinal))).ToList();
        Assert.True(positions.All(p => p >= 0), "missing: " + string.Join(", ", expected.Where((e, i) => positions[i] < 0)) + " in " + string.Join(" | ", names));
        Assert.Equal(positions.OrderBy(p => p), positions);
        Assert.All(steps, s => Assert.True(s.GetProperty("calledNext").GetBoolean() || s.GetProperty("name").GetString()!.Contains("EndpointMiddleware"), s.ToString()));
        Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.GetProperty("order").GetInt32()));
        Assert.All(steps, s => Assert.True(s.GetProperty("beforeMs").GetDouble() >= 0 && s.GetProperty("afterMs").GetDouble() >= 0));
    }

    [Fact]
    public async Task Pipeline_ShortCircuit_MiddlewareDidNotCallNextAndNothingRanAfterIt()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync("/short");
        var id = response.Headers.GetValues("X-Request-Id").Single();
        var steps = await PipelineAsync(app, id);

        var last = steps[^1];
        Assert.Contains(nameof(ShortCircuitMiddleware), last.GetProperty("name").GetString());
        Assert.False(last.GetProperty("calledNext").GetBoolean());
        Assert.DoesNotContain(steps, s => s.GetProperty("name").GetString()!.Contains("EndpointMiddleware", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipeline_ExceptionCaughtByAMiddleware_PassesThroughInnerStepsAndIsRecordedAsHandledByIt()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync("/throw");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(NotSupportedException).FullName!);
        Assert.Contains(nameof(ConfigurePipeline), group.GetProperty("handledBy").GetString());
        var id = group.GetProperty("occurrences")[0].GetProperty("requestId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var steps = await PipelineAsync(app, id);
        var catcher = steps.Single(s => s.GetProperty("name").GetString()!.Contains(nameof(ConfigurePipeline), StringComparison.Ordinal));
        Assert.Equal(typeof(NotSupportedException).FullName, catcher.GetProperty("handled").GetString());
        Assert.Equal(JsonValueKind.Null, catcher.GetProperty("exception").ValueKind);
        var endpoint = steps.Single(s => s.GetProperty("name").GetString()!.Contains("EndpointMiddleware", StringComparison.Ordinal));
        Assert.Equal(typeof(NotSupportedException).FullName, endpoint.GetProperty("exception").GetString());
    }

    [Fact]
    public async Task PipelineView_Off_NoPipelineKept()
    {
        await using var app = await StartAsync(o => o.PipelineView = false);

        var id = await app.Client.GetStringAsync("/ok");
        using var response = await app.Client.GetAsync($"/__profile__/api/requests/{id}/pipeline");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("PipelineView", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PipelineView_UnsetOutsideDevelopment_IsOff()
    {
        // Its 3–7 µs per request make it a development-time view unless switched on (these apps run as Production).
        await using var app = await StartAsync(o => o.PipelineView = null);

        var id = await app.Client.GetStringAsync("/ok");
        using var response = await app.Client.GetAsync($"/__profile__/api/requests/{id}/pipeline");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Aggregate_PerEndpoint_MedianPerMiddleware()
    {
        await using var app = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await app.Client.GetStringAsync("/ok");
        }

        var aggregate = await Poll.UntilAsync(
            async () => JsonDocument.Parse(await app.Client.GetStringAsync("/__profile__/api/pipeline")).RootElement.Clone(),
            a => a.GetProperty("aggregate").GetProperty("endpoints").EnumerateArray().Any(e => e.GetProperty("endpoint").GetString() == "GET /ok" && e.GetProperty("requests").GetInt64() >= 5),
            TimeSpan.FromSeconds(10), "the aggregate of GET /ok", a => a.ToString());

        var ok = aggregate.GetProperty("aggregate").GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("endpoint").GetString() == "GET /ok");
        var convention = ok.GetProperty("middleware").EnumerateArray().Single(m => m.GetProperty("name").GetString()!.Contains(nameof(ConventionMiddleware), StringComparison.Ordinal));
        Assert.Equal(5, convention.GetProperty("runs").GetInt64());
        Assert.True(convention.GetProperty("medianBeforeMs").GetDouble() >= 0);
    }

    internal static async Task<List<JsonElement>> PipelineAsync(InProcessApp app, string id)
    {
        var body = await Poll.UntilAsync(
            async () =>
            {
                using var response = await app.Client.GetAsync($"/__profile__/api/requests/{id}/pipeline");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), $"the pipeline of request {id}", r => $"{(int)r.StatusCode} {r.Body}");
        return JsonDocument.Parse(body.Body).RootElement.GetProperty("middleware").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static Task<InProcessApp> StartAsync(Action<HotpathOptions>? configure = null) =>
        ErrorCaptureTests.StartAsync("Production", ConfigurePipeline, services => services.AddTransient<FactoryMiddleware>(), configure);

    private static void ConfigurePipeline(WebApplication web)
    {
        web.UseHotpath();
        web.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (NotSupportedException)
            {
                context.Response.StatusCode = 503;
            }
        });
        web.UseMiddleware<ConventionMiddleware>();
        web.UseMiddleware<FactoryMiddleware>();
        web.UseMiddleware<ShortCircuitMiddleware>();
        web.MapGet("/ok", (HttpContext context) => context.Features.Get<IHotpathRequestFeature>()!.Record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        web.MapGet("/throw", string () => throw new NotSupportedException("caught by an inline middleware"));
    }
}

public sealed class ConventionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await Task.Yield();
        await next(context);
    }
}

public sealed class FactoryMiddleware : IMiddleware
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next) => next(context);
}

public sealed class ShortCircuitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path == "/short")
        {
            context.Response.Headers["X-Request-Id"] = context.Features.Get<IHotpathRequestFeature>()!.Record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return context.Response.WriteAsync("short-circuited");
        }

        return next(context);
    }
}
