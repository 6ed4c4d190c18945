using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Integration;

/// <summary>
/// Issue 12's end-to-end story on the demo: a thrown exception gives the client the right 500, lands in the error log
/// with its request redacted, and that request's pipeline view shows where it went.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DemoErrorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Checkout_Throws_ProblemJsonErrorLogAndPipelineAgree()
    {
        // Arrange
        await using var app = await DemoApp.StartAsync(output);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/checkout?orderId=7&token=hunter2-secret");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("X-Api-Key", "key-that-must-not-leak");

        // Act
        using var response = await app.Client.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Assert: the client's answer.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));

        // The error log: one group, the request redacted.
        var errors = await Poll.UntilAsync(
            () => app.Client.GetStringAsync(DemoApp.ProfilePath + "/api/errors"),
            body => body.Contains("InvalidOperationException", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            "the checkout exception in api/errors");
        var group = JsonDocument.Parse(errors).RootElement.GetProperty("errors").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "System.InvalidOperationException");
        var detail = await app.Client.GetStringAsync(DemoApp.ProfilePath + "/api/errors/" + group.GetProperty("id").GetString());
        Assert.DoesNotContain("hunter2-secret", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("key-that-must-not-leak", detail, StringComparison.Ordinal);
        var occurrence = JsonDocument.Parse(detail).RootElement.GetProperty("occurrences")[0];
        Assert.Equal("UseHotpathExceptions", occurrence.GetProperty("handledBy").GetString());
        var requestId = occurrence.GetProperty("requestId").GetInt64();

        // The same request's pipeline: the exception passed out of the endpoint's middleware and was handled.
        var pipeline = JsonDocument.Parse(await app.Client.GetStringAsync(DemoApp.ProfilePath + $"/api/requests/{requestId}/pipeline")).RootElement;
        var steps = pipeline.GetProperty("middleware").EnumerateArray().ToList();
        Assert.Contains(steps, s => s.GetProperty("exception").ValueKind == JsonValueKind.String);
    }
}
