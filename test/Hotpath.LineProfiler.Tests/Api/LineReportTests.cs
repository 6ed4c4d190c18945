using Hotpath.AspNetCore;

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
            await using var app = await LineApp.StartAsync(
                o =>
                {
                    o.LineReport = LineReportTarget.File;
                    o.LineReportPath = "lines.txt";
                    o.LineReportPerRequest = true;
                    o.LineReportFunction = "Scenarios\\.Loop$";
                },
                dir.FullName);
            using var client = new HttpClient { BaseAddress = new Uri(app.App.Urls.First()) };

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
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
