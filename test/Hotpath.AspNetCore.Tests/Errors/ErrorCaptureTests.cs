using System.Net;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Errors;

/// <summary>
/// Every exception that escapes a request's code is in the error log with who handled it, including those an inner
/// handler turned into a response before any outer middleware could see them; on a real Kestrel.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ErrorCaptureTests
{
    [Fact]
    public async Task DeveloperExceptionPage_HandledException_RecordedWithRequestAndHandledBy()
    {
        var outerSaw = false;
        var builder = InProcessApp.CreateBuilder("Development");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        var web = builder.Build();
        web.Use(async (context, next) =>
        {
            // The seed's outer catcher: it never sees what DeveloperExceptionPage handled inside it.
            try
            {
                await next(context);
            }
            catch
            {
                outerSaw = true;
                throw;
            }
        });
        web.UseHotpath();
        web.UseDeveloperExceptionPage();
        web.MapGet("/boom", string () => throw new InvalidOperationException("boom from the endpoint"));
        await using var app = await InProcessApp.StartAsync(web);

        using var response = await app.Client.GetAsync("/boom?page=2");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(InvalidOperationException).FullName!);
        Assert.False(outerSaw, "the outer middleware saw the exception DeveloperExceptionPage handled");
        Assert.Equal("DeveloperExceptionPage", group.GetProperty("handledBy").GetString());
        Assert.Contains(nameof(ErrorCaptureTests), group.GetProperty("site").GetString());
        var occurrence = group.GetProperty("occurrences")[0];
        Assert.Contains("boom from the endpoint", occurrence.GetProperty("stackTrace").GetString());
        var request = occurrence.GetProperty("request");
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal("/boom", request.GetProperty("path").GetString());
        Assert.Equal("?page=2", request.GetProperty("query").GetString());
        Assert.Equal("GET /boom", request.GetProperty("endpoint").GetString());
        Assert.Equal(500, request.GetProperty("status").GetInt32());
        Assert.True(occurrence.GetProperty("requestId").GetInt64() > 0, occurrence.ToString());
    }

    [Fact]
    public async Task UseExceptionHandler_WithPath_RecordedAsExceptionHandler()
    {
        await using var app = await StartAsync("Production", web =>
        {
            web.UseExceptionHandler("/error");
            web.UseHotpath();
            web.MapGet("/error", () => Results.Text("handled", statusCode: 500));
            web.MapGet("/boom", string () => throw new FormatException("bad format"));
        });

        using var response = await app.Client.GetAsync("/boom");

        Assert.Equal("handled", await response.Content.ReadAsStringAsync());
        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(FormatException).FullName!);
        Assert.Equal("ExceptionHandler", group.GetProperty("handledBy").GetString());
        var request = group.GetProperty("occurrences")[0].GetProperty("request");
        Assert.Equal("/boom", request.GetProperty("path").GetString());
        Assert.Equal("GET /boom", request.GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task UseExceptionHandler_WithIExceptionHandler_RecordedEvenThoughDotnet10SuppressesItsDiagnostics()
    {
        await using var app = await StartAsync("Production", web =>
        {
            web.UseExceptionHandler();
            web.UseHotpath();
            web.MapGet("/boom", string () => throw new TimeoutException("too slow"));
        }, services =>
        {
            services.AddExceptionHandler<TeapotHandler>();
            services.AddProblemDetails();
        });

        using var response = await app.Client.GetAsync("/boom");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(TimeoutException).FullName!);
        Assert.Equal("ExceptionHandler", group.GetProperty("handledBy").GetString());
        Assert.Equal(418, group.GetProperty("occurrences")[0].GetProperty("request").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task MvcExceptionFilter_HandledException_RecordedAsMvcExceptionFilter()
    {
        await using var app = await StartAsync("Production", web =>
        {
            web.UseHotpath();
            web.MapControllers();
        }, services => services.AddControllers(o => o.Filters.Add<HandleAllFilter>()).AddApplicationPart(typeof(ThrowingController).Assembly));

        using var response = await app.Client.GetAsync("/mvc/throws");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(ArithmeticException).FullName!);
        Assert.Equal("MvcExceptionFilter", group.GetProperty("handledBy").GetString());
        Assert.Equal(409, group.GetProperty("occurrences")[0].GetProperty("request").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task NoHandler_ExceptionReachesTheServer_RecordedAsServer500AndGroupedBySite()
    {
        await using var app = await StartAsync("Production", web =>
        {
            web.UseHotpath();
            web.MapGet("/boom", string () => throw new KeyNotFoundException("missing"));
        });

        for (var i = 0; i < 3; i++)
        {
            using var response = await app.Client.GetAsync("/boom");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(KeyNotFoundException).FullName!, count: 3);
        Assert.Equal("unhandled (server 500)", group.GetProperty("handledBy").GetString());
        Assert.Equal(3, group.GetProperty("count").GetInt64());
        Assert.Equal(3, group.GetProperty("occurrences").GetArrayLength());
        var ids = group.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("requestId").GetInt64()).ToHashSet();
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task Redaction_SecretsInHeaderCookieAndQuery_NeverInTheApi()
    {
        const string secret = "s3cr3t-value-123";
        await using var app = await StartAsync("Production", web =>
        {
            web.UseHotpath();
            web.MapGet("/boom", string () => throw new UnauthorizedAccessException("denied"));
        }, configure: o => o.RedactHeaders.Add("X-Custom-Private"));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/boom?access_token={secret}&page=3&%74oken={secret}&apiKey={secret}");
        request.Headers.Add("Authorization", "Bearer " + secret);
        request.Headers.Add("Cookie", "session=" + secret);
        request.Headers.Add("X-Api-Key", secret);
        request.Headers.Add("X-Refresh-Token", secret);
        request.Headers.Add("X-Custom-Private", secret);
        request.Headers.Add("X-Visible", "plain");
        using var response = await app.Client.SendAsync(request);

        var (group, rawList, rawDetail) = await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(UnauthorizedAccessException).FullName!);
        Assert.DoesNotContain(secret, rawList);
        Assert.DoesNotContain(secret, rawDetail);
        var recorded = group.GetProperty("occurrences")[0].GetProperty("request");
        Assert.Contains("page=3", recorded.GetProperty("query").GetString());
        Assert.Equal("plain", recorded.GetProperty("headers").GetProperty("X-Visible").GetString());
        Assert.Equal("[redacted]", recorded.GetProperty("headers").GetProperty("Cookie").GetString());
    }

    internal static async Task<InProcessApp> StartAsync(string environment, Action<WebApplication> pipeline, Action<IServiceCollection>? services = null, Action<HotpathOptions>? configure = null)
    {
        var builder = InProcessApp.CreateBuilder(environment);
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o =>
        {
            o.AllowRemoteAccess = true;
            o.PipelineView = true; // off by default outside Development; these apps run as Production
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var web = builder.Build();
        pipeline(web);
        return await InProcessApp.StartAsync(web);
    }

    private sealed class TeapotHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            httpContext.Response.StatusCode = 418;
            await httpContext.Response.WriteAsync("teapot", cancellationToken);
            return true;
        }
    }
}

public sealed class HandleAllFilter : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        context.Result = new ConflictObjectResult("handled by the filter");
        context.ExceptionHandled = true;
    }
}

[ApiController]
[Route("mvc")]
public sealed class ThrowingController : ControllerBase
{
    [HttpGet("throws")]
    public string Throws() => throw new ArithmeticException("from a controller");
}
