using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hotpath.AspNetCore.Errors;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Errors;

/// <summary><c>UseHotpathExceptions()</c> on a real Kestrel: content negotiation, details only in Development, started responses.</summary>
[Collection(DemoCollection.Name)]
public sealed class HotpathExceptionsTests
{
    private const string Message = "<script>alert('boom')</script> order 42 failed";

    [Theory]
    [InlineData("application/json", "application/problem+json")]
    [InlineData("application/problem+json", "application/problem+json")]
    [InlineData("*/*", "application/problem+json")]
    [InlineData(null, "application/problem+json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html")]
    [InlineData("text/plain", "text/plain")]
    [InlineData("text/*;q=0.5, application/json;q=0.1", "text/html")]
    [InlineData("image/png", "text/plain")]
    public void Negotiate_AcceptHeader_PicksTheBestOfferedType(string? accept, string expected)
    {
        Assert.Equal(expected, ExceptionResponseWriter.Negotiate(accept is null ? default : new Microsoft.Extensions.Primitives.StringValues(accept)));
    }

    [Fact]
    public async Task ProblemJson_Development_HasTraceIdAndDetails()
    {
        await using var app = await StartAsync("Development");

        var (response, body) = await GetAsync(app, "/boom", "application/json");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.Equal(Message, problem.GetProperty("detail").GetString());
        Assert.Contains(nameof(HotpathExceptionsTests), problem.GetProperty("exception").GetProperty("stackTrace").GetString());
        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(ApplicationException).FullName!);
        Assert.Equal("UseHotpathExceptions", group.GetProperty("handledBy").GetString());
    }

    [Fact]
    public async Task ProblemJson_WithProblemDetailsService_WrittenThroughIt()
    {
        await using var app = await StartAsync("Production", services =>
            services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["customized"] = true));

        var (_, body) = await GetAsync(app, "/boom", "application/json");

        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.GetProperty("customized").GetBoolean(), body);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()), body);
        Assert.DoesNotContain("order 42", body);
    }

    [Fact]
    public async Task Html_Development_DetailsEscaped()
    {
        await using var app = await StartAsync("Development");

        var (response, body) = await GetAsync(app, "/boom", "text/html");

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("&lt;script&gt;", body);
        Assert.DoesNotContain("<script>", body);
        Assert.Contains("System.ApplicationException", body);
    }

    [Fact]
    public async Task Plain_Development_HasStack()
    {
        await using var app = await StartAsync("Development");

        var (response, body) = await GetAsync(app, "/boom", "text/plain");

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("order 42 failed", body);
        Assert.Contains(nameof(HotpathExceptionsTests), body);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    public async Task Production_NoTypeMessageOrStack(string accept)
    {
        await using var app = await StartAsync("Production");

        var (response, body) = await GetAsync(app, "/boom", accept);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("order 42", body);
        Assert.DoesNotContain("ApplicationException", body);
        Assert.DoesNotContain(nameof(HotpathExceptionsTests), body);
        Assert.Contains("Trace", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ResponseStarted_ConnectionAbortedNoErrorBodyAndRecorded()
    {
        await using var app = await StartAsync("Development");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/started");
        request.Headers.Accept.ParseAdd("application/json");
        string? body = null;
        var failure = await Record.ExceptionAsync(async () =>
        {
            // The reset may arrive before or after the headers: either the send or the read fails, never a 500 body.
            using var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            body = await response.Content.ReadAsStringAsync();
        });

        Assert.True(failure is HttpRequestException or IOException, $"expected a reset connection, got {failure?.GetType().Name ?? "a complete body: " + body}");
        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(InvalidDataException).FullName!);
        Assert.StartsWith("UseHotpathExceptions (response had started", group.GetProperty("handledBy").GetString());
        Assert.Equal(200, group.GetProperty("occurrences")[0].GetProperty("request").GetProperty("status").GetInt32());
    }

    [Fact]
    public void UseHotpathExceptions_WithoutAddHotpath_SaysWhatToDo()
    {
        var builder = InProcessApp.CreateBuilder("Production");
        var web = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => web.UseHotpathExceptions());

        Assert.Contains("AddHotpath", error.Message);
    }

    private static async Task<(HttpResponseMessage Response, string Body)> GetAsync(InProcessApp app, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        var response = await app.Client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static Task<InProcessApp> StartAsync(string environment, Action<IServiceCollection>? services = null) =>
        ErrorCaptureTests.StartAsync(environment, web =>
        {
            web.UseHotpathExceptions();
            web.UseHotpath();
            web.MapGet("/boom", string () => throw new ApplicationException(Message));
            web.MapGet("/started", async (HttpContext context) =>
            {
                await context.Response.WriteAsync(new string('x', 100));
                await context.Response.Body.FlushAsync();
                throw new InvalidDataException("after the headers went out");
            });
        }, services);
}
