using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Errors;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Samples;

/// <summary>
/// samples/Hotpath.MiddlewareOrder prints what the seed's Django experiment printed: one-time configuration in reverse
/// order, "before" in order, "after" in reverse; the outer catcher never sees what DeveloperExceptionPage handled, and
/// Hotpath records it anyway.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class MiddlewareOrderSampleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sample_Output_OrderAndExceptionStoryAsInTheReadme()
    {
        await using var sample = await MiddlewareOrderProcess.StartAsync(output);

        // Built from the end: the innermost middleware is constructed first.
        var configuration = sample.Lines.Where(l => l.EndsWith(": one-time configuration", StringComparison.Ordinal)).ToList();
        Assert.Equal(["app2: one-time configuration", "proj: one-time configuration", "app1: one-time configuration", "outer: one-time configuration"], configuration);

        Assert.Equal("Hello world", await sample.Client.GetStringAsync("myapp/"));
        await Poll.UntilAsync(() => Task.FromResult(sample.LinesAfter("called: OuterCatcher", 1)), l => l.Contains("app1: after request"), TimeSpan.FromSeconds(10), "the first request's output", l => string.Join(" | ", l));
        Assert.Equal(
            ["called: OuterCatcher", "app1: before request", "proj: before request", "app2: before request", "called: MyAppView", "app2: after request", "proj: after request", "app1: after request"],
            sample.LinesAfter("called: OuterCatcher", 1).Take(8));

        using var page = new HttpRequestMessage(HttpMethod.Get, "myapp/exception");
        page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var pageResponse = await sample.Client.SendAsync(page);
        Assert.Equal(HttpStatusCode.InternalServerError, pageResponse.StatusCode);
        Assert.Contains("GET /myapp/exception", await pageResponse.Content.ReadAsStringAsync());

        using var raised = await sample.Client.GetAsync("raise");
        Assert.Equal("raised exception.", await raised.Content.ReadAsStringAsync());
        await Poll.UntilAsync(() => Task.FromResult(sample.LinesAfter("called: OuterCatcher", 3)), l => l.Contains("handled exception by OuterCatcher"), TimeSpan.FromSeconds(10), "the third request's output", l => string.Join(" | ", l));

        var secondRequest = sample.LinesAfter("called: OuterCatcher", 2).Skip(1).TakeWhile(l => l != "called: OuterCatcher").ToList();
        Assert.Equal(["app1: before request", "proj: before request", "app2: before request", "called: MyExceptionView"], secondRequest.Where(l => !l.StartsWith(' ') && !l.StartsWith("fail:", StringComparison.Ordinal)).Take(4));
        Assert.DoesNotContain(secondRequest, l => l.Contains("after request", StringComparison.Ordinal));
        Assert.DoesNotContain("handled exception by OuterCatcher", secondRequest);
        Assert.Equal(["called: OuterCatcher", "called: RaiseInMiddleware", "handled exception by OuterCatcher"], sample.LinesAfter("called: OuterCatcher", 3).Take(3));

        // Hotpath saw both, and knows who handled each.
        var errors = await Poll.UntilAsync(() => ErrorsApiClient.ListAsync(sample.Client), l => l.GetProperty("errors").GetArrayLength() >= 2, TimeSpan.FromSeconds(15), "two error groups", l => l.ToString());
        var byMessage = errors.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("message").GetString()!, e => e.GetProperty("handledBy").GetString());
        Assert.Equal("DeveloperExceptionPage", byMessage["GET /myapp/exception"]);
        Assert.Equal("middleware MiddlewareOrder.OuterCatcherMiddleware", byMessage["raised by a middleware outside DeveloperExceptionPage"]);

        // And the request's pipeline shows where the exception went.
        var group = errors.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("handledBy").GetString() == "DeveloperExceptionPage");
        var detail = JsonDocument.Parse(await sample.Client.GetStringAsync($"__profile__/api/errors/{group.GetProperty("id").GetString()}")).RootElement;
        var requestId = detail.GetProperty("occurrences")[0].GetProperty("requestId").GetInt64();
        var pipeline = JsonDocument.Parse(await sample.Client.GetStringAsync($"__profile__/api/requests/{requestId}/pipeline")).RootElement.GetProperty("middleware").EnumerateArray().ToList();
        var page2 = pipeline.Last(s => s.GetProperty("name").GetString()!.Contains("DeveloperExceptionPage", StringComparison.Ordinal));
        Assert.Equal("System.InvalidOperationException", page2.GetProperty("handled").GetString());
        var orders = pipeline.Where(s => s.GetProperty("name").GetString() == "MiddlewareOrder.OrderMiddleware").ToList();
        Assert.Equal(3, orders.Count);
        Assert.All(orders, s => Assert.Equal("System.InvalidOperationException", s.GetProperty("exception").GetString()));
        var catcher = pipeline.Single(s => s.GetProperty("name").GetString() == "MiddlewareOrder.OuterCatcherMiddleware");
        Assert.Equal(JsonValueKind.Null, catcher.GetProperty("handled").ValueKind);
    }
}
