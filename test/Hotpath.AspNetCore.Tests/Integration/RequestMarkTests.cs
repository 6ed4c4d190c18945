using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Hotpath.Sampling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Tests.Integration;

/// <summary>
/// The middleware's request mark, on a real Kestrel: present everywhere inside the request (before and after awaits,
/// when the pipeline completes synchronously or throws), absent outside it (in middleware that runs before Hotpath, on
/// both the synchronous and the asynchronous path), and not set at all with <c>TrackRequests = false</c>.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class RequestMarkTests
{
    private readonly ConcurrentQueue<string> _outside = new();

    [Fact]
    public async Task Mark_AsyncEndpoint_SameIdBeforeAndAfterAwaitsAndNoneOutside()
    {
        await using var app = await StartAsync(trackRequests: true);

        var body = await app.Client.GetStringAsync("/async");

        var ids = body.Split(',').Select(long.Parse).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.True(ids[0] > 0, $"no mark inside the request: {body}");
        Assert.All(ids, id => Assert.Equal(ids[0], id));
        AssertUnmarkedOutside();
    }

    [Fact]
    public async Task Mark_SynchronousEndpoint_MarkedInsideAndRemovedBeforeOuterMiddlewareContinues()
    {
        await using var app = await StartAsync(trackRequests: true);

        var first = long.Parse(await app.Client.GetStringAsync("/sync"));
        var second = long.Parse(await app.Client.GetStringAsync("/sync"));

        Assert.True(first > 0);
        Assert.NotEqual(first, second);
        AssertUnmarkedOutside();
    }

    [Fact]
    public async Task Mark_EndpointThrowsSynchronously_Returns500AndRemovesTheMark()
    {
        await using var app = await StartAsync(trackRequests: true);

        using var response = await app.Client.GetAsync("/throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertUnmarkedOutside();
    }

    [Fact]
    public async Task TrackRequestsFalse_NoMarkAndTheUiSaysWhyTheRequestsScopeIsEmpty()
    {
        await using var app = await StartAsync(trackRequests: false);

        Assert.Equal("0,0,0", await app.Client.GetStringAsync("/async"));
        Assert.Equal("0", await app.Client.GetStringAsync("/sync"));

        using var json = JsonDocument.Parse(await app.Client.GetStringAsync("/__profile__/api/functions"));
        var message = json.RootElement.GetProperty("status").GetProperty("message").GetString();
        Assert.Contains("Hotpath:TrackRequests is false", message);
    }

    private void AssertUnmarkedOutside()
    {
        Assert.NotEmpty(_outside);
        Assert.All(_outside, seen => Assert.Equal("0", seen));
    }

    private async Task<InProcessApp> StartAsync(bool trackRequests)
    {
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.TrackRequests = trackRequests);
        var app = builder.Build();

        // Runs before Hotpath: whatever it sees, right after Hotpath returned (a completed or a pending task) and after
        // awaiting it, is outside the request and must carry no mark.
        app.Use(async (context, next) =>
        {
            Task pending;
            try
            {
                pending = next(context);
            }
            finally
            {
                _outside.Enqueue(RequestTracker.CurrentRequestId.ToString());
            }

            try
            {
                await pending;
            }
            finally
            {
                _outside.Enqueue(RequestTracker.CurrentRequestId.ToString());
            }
        });
        app.UseHotpath();
        app.MapGet("/sync", () => RequestTracker.CurrentRequestId.ToString());
        app.MapGet("/async", async () =>
        {
            var before = RequestTracker.CurrentRequestId;
            await Task.Yield();
            var middle = RequestTracker.CurrentRequestId;
            await Task.Delay(5);
            return $"{before},{middle},{RequestTracker.CurrentRequestId}";
        });
        app.MapGet("/throws", string () => throw new InvalidOperationException("boom"));
        return await InProcessApp.StartAsync(app);
    }
}
