using Hotpath.AspNetCore;
using Hotpath.LineDemo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotpath.LineProfiler.Tests.Api;

[Collection(CountersCollection.Name)]
public sealed class LineReportTests
{
    [Fact]
    public async Task PerRequestFileReport_ListsTheLinesThatRequestRan()
    {
        var dir = Directory.CreateTempSubdirectory("hotpath-line-report-");
        try
        {
            var path = Path.Combine(dir.FullName, "lines.txt");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = dir.FullName });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddHotpath(o =>
            {
                o.LineReport = LineReportTarget.File;
                o.LineReportPath = "lines.txt";
                o.LineReportPerRequest = true;
                o.LineReportFunction = "Scenarios\\.Loop$";
            });
            foreach (var d in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null).ToList())
            {
                builder.Services.Remove(d);
            }

            await using var app = builder.Build();
            app.UseHotpath();
            app.MapGet("/loop", () => Scenarios.Loop(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            Assert.Equal("499500", await client.GetStringAsync("/loop"));

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && !(File.Exists(path) && File.ReadAllText(path).Contains("Name: Hotpath.LineDemo.Scenarios.Loop", StringComparison.Ordinal)))
            {
                await Task.Delay(50);
            }

            var text = File.ReadAllText(path);
            Assert.Contains("# Hotpath line report (request GET /loop)", text, StringComparison.Ordinal);
            Assert.Contains("\nCalls: 1\n", text, StringComparison.Ordinal);
            Assert.Matches(@"\n\s+\d+\s+1000\s+sum \+= i; // line: loop-body\n", text);
            await app.StopAsync();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
