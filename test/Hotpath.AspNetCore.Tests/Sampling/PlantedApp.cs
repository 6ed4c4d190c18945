using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Sampling;

/// <summary>
/// An app with planted work whose truth is known, hosted in the test process on a real Kestrel with the real profiler:
/// a 70/30 split of one loop, a Thread.Sleep, and Monitor contention.
/// </summary>
internal sealed class PlantedApp : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private static readonly object Gate = new();
    private static long s_sink;

    private PlantedApp(InProcessApp app) => Inner = app;

    public InProcessApp Inner { get; }

    public HttpClient Client => Inner.Client;

    public static async Task<PlantedApp> StartAsync(Action<HotpathOptions>? configure = null)
    {
        var builder = InProcessApp.CreateBuilder();
        builder.Services.AddHotpath(o =>
        {
            o.DiscardFirstRequest = false;
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.UseHotpath();
        app.MapGet("/split", () => Split());
        app.MapGet("/sleep", () => PlantedSleep());
        app.MapGet("/contend", () => PlantedContend());
        var started = await InProcessApp.StartAsync(app);
        return new PlantedApp(started);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IResult Split()
    {
        // The same loop twice, 70% and 30% of the iterations; each in its own method (no shared callee to tail-call).
        var x = PlantedSeventy(7_000_000);
        x += PlantedThirty(3_000_000);
        Volatile.Write(ref s_sink, x);
        return Results.Ok();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long PlantedSeventy(int n)
    {
        var x = 17L;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >>> 29;
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long PlantedThirty(int n)
    {
        var x = 17L;
        for (var i = 0; i < n; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
            x ^= x >>> 29;
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IResult PlantedSleep()
    {
        Thread.Sleep(40);
        return Results.Ok();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IResult PlantedContend()
    {
        lock (Gate)
        {
            // Hold the lock for ~30 ms of wall time without burning much CPU: the other requests block on Monitor.
            Thread.Sleep(30);
        }

        return Results.Ok();
    }

    /// <summary>Sends <paramref name="total"/> GETs to <paramref name="path"/>, <paramref name="parallel"/> at a time.</summary>
    public async Task LoadAsync(string path, int total, int parallel)
    {
        var next = 0;
        var workers = Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                using var response = await Client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });
        await Task.WhenAll(workers);
    }

    public async Task<FunctionsResponse> FunctionsAsync(string query)
    {
        using var response = await Client.GetAsync("__profile__/api/functions?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"api/functions?{query} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<FunctionsResponse>(body, Json)!;
    }

    public async Task WaitRunningAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var r = await FunctionsAsync("scope=process&limit=1");
            if (r.Status.State == "running")
            {
                return;
            }

            Assert.True(r.Status.State != "failed" && watch.Elapsed < TimeSpan.FromSeconds(20), r.Describe());
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the samples of work that just ended to be counted (they are held ~0.5 s for symbols).</summary>
    public static Task SettleAsync() => Task.Delay(1200);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
