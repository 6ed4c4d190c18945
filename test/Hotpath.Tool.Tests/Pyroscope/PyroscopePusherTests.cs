using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Hotpath.Tool.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotpath.Tool.Tests.Pyroscope;

/// <summary>
/// The Pyroscope pusher of an in-process app (real EventPipe session) against a loopback receiver that records what a
/// Pyroscope server would get; the body is decoded by <c>go tool pprof</c>.
/// </summary>
[Collection(ToolCollection.Name)]
public sealed class PyroscopePusherTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pusher_ServerFailsOnceThenAccepts_RetriesAndSendsPprofWithNameLabelsAndHeaders()
    {
        var received = new ConcurrentQueue<Received>();
        var answered = 0;
        await using var receiver = await StartAsync(null, app => app.MapPost("/ingest", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            using var part = new MemoryStream();
            if (form.Files["profile"] is { } file)
            {
                await file.CopyToAsync(part);
            }

            received.Enqueue(new Received(context.Request.Path, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.Authorization.ToString(), context.Request.Headers["X-Scope-OrgID"].ToString(), part.ToArray()));
            return Interlocked.Increment(ref answered) == 1 ? Results.StatusCode(503) : Results.Ok();
        }));
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["Hotpath:Pyroscope:ServerUrl"] = Address(receiver),
            ["Hotpath:Pyroscope:ApplicationName"] = "hotpath-test",
            ["Hotpath:Pyroscope:Labels:env"] = "ci",
            ["Hotpath:Pyroscope:Labels:region"] = "local",
            ["Hotpath:Pyroscope:IntervalSeconds"] = "0.5",
            ["Hotpath:Pyroscope:RetryDelaySeconds"] = "0.05",
            ["Hotpath:Pyroscope:AuthToken"] = "t0k",
            ["Hotpath:Pyroscope:TenantId"] = "tenant-1",
        });
        using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };

        await SpinUntilAsync(client, () => Volatile.Read(ref answered) >= 2);

        var first = received.First();
        Assert.Equal("/ingest", first.Path);
        Assert.Equal("hotpath-test{env=ci,region=local}", first.Query["name"]);
        Assert.Equal("pprof", first.Query["format"]);
        Assert.Equal("hotpath", first.Query["spyName"]);
        Assert.True(long.Parse(first.Query["from"]) < long.Parse(first.Query["until"]), "from must precede until");
        Assert.True(int.Parse(first.Query["sampleRate"]) > 0);
        Assert.Equal("Bearer t0k", first.Authorization);
        Assert.Equal("tenant-1", first.Tenant);
        var file = _temp.File("pushed.pb.gz");
        File.WriteAllBytes(file, received.Last().Body);
        var top = GoPprof.Top(file);
        Assert.Contains("Type: cpu", top, StringComparison.Ordinal);
        Assert.NotEmpty(GoPprof.TopFunctions(top));

        using var status = JsonDocument.Parse(await client.GetStringAsync("/__profile__/api/pyroscope"));
        Assert.True(status.RootElement.GetProperty("sent").GetInt64() >= 1);
        Assert.True(status.RootElement.GetProperty("failedAttempts").GetInt64() >= 1);
        Assert.Equal(0, status.RootElement.GetProperty("dropped").GetInt64());
    }

    [Fact]
    public async Task Pusher_ServerUnreachable_DropsAndCountsWithoutSlowingRequests()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["Hotpath:Pyroscope:ServerUrl"] = "http://127.0.0.1:9", // discard port: nothing listens
            ["Hotpath:Pyroscope:IntervalSeconds"] = "0.2",
            ["Hotpath:Pyroscope:MaxRetries"] = "0",
            ["Hotpath:Pyroscope:MaxQueue"] = "1",
        });
        using var client = new HttpClient { BaseAddress = new Uri(Address(app)), Timeout = TimeSpan.FromSeconds(10) };
        long dropped = 0;
        string? error = null;

        await SpinUntilAsync(client, () =>
        {
            using var status = JsonDocument.Parse(client.GetStringAsync("/__profile__/api/pyroscope").GetAwaiter().GetResult());
            dropped = status.RootElement.GetProperty("dropped").GetInt64();
            error = status.RootElement.GetProperty("lastError").GetString();
            return dropped >= 2;
        });

        Assert.True(dropped >= 2);
        Assert.Contains("cannot reach", error, StringComparison.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ping")).StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"a request took {clock.Elapsed} while the pusher failed");
    }

    private static async Task SpinUntilAsync(HttpClient client, Func<bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "timed out");
            await client.GetAsync("/spin");
        }
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?>? hotpath, Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        if (hotpath is not null)
        {
            builder.Configuration.AddInMemoryCollection(hotpath);
            builder.Services.AddHotpath(o => o.DiscardFirstRequest = false);
        }

        var app = builder.Build();
        if (hotpath is not null)
        {
            app.UseHotpath();
            app.MapGet("/ping", () => "pong");
            app.MapGet("/spin", () =>
            {
                var until = Environment.TickCount64 + 50;
                long n = 0;
                while (Environment.TickCount64 < until)
                {
                    n++;
                }

                return n;
            });
        }

        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private sealed record Received(string Path, Dictionary<string, string> Query, string Authorization, string Tenant, byte[] Body);
}
