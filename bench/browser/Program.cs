using System.Diagnostics;
using System.Globalization;
using Hotpath.AspNetCore.Hosting;
using Hotpath.Benchmarks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

// The browser speed benchmark (issue: a profile of 50,000 distinct stacks; the API answers and the UI draws the table
// and the flame graph in under 1 s in headless Chromium). Serves a synthetic profile through the real Hotpath UI and API
// on 127.0.0.1:0 — the sampler itself is not started, its accumulator is filled with SyntheticStacks — then times:
//   1. each API call from a client (median of runs, after one warm-up);
//   2. page loads in headless Chromium: navigation start until the tab's data is fetched and drawn (body[data-loaded]).
// Usage: dotnet run -c Release --project bench/browser [-- --stacks 50000 --runs 5]
var stackCount = IntArg("--stacks", 50_000);
var runs = IntArg("--runs", 5);
var serveSeconds = IntArg("--serve", 0);
var maxStacks = IntArg("--max-stacks", 0);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [] });
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
var hostedBefore = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
builder.Services.AddHotpath(o =>
{
    // The browser's favicon request would otherwise be "the first request" and discard the synthetic profile.
    o.DiscardFirstRequest = false;
    if (maxStacks > 0)
    {
        o.MaxStacks = maxStacks;
    }
});
// Leave out the EventPipe session: the profile is synthetic and the numbers should not include the sampler's own work.
builder.Services.Remove(builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && !hostedBefore.Contains(d) && d.ImplementationFactory is not null));
var app = builder.Build();
app.UseHotpath();
await app.StartAsync();
var baseUrl = app.Urls.First().TrimEnd('/') + "/__profile__/";

var seed = Stopwatch.StartNew();
var stacks = SyntheticStacks.Build(stackCount, poolSize: 1_500, seed: 1);
var accumulator = app.Services.GetRequiredService<ProfilerHost>().Profiler.Accumulator;
var random = new Random(3);
lock (accumulator.Gate)
{
    foreach (var ids in SyntheticStacks.ToFrameIds(accumulator.Aggregator, stacks))
    {
        accumulator.Aggregator.Add(ids, inRequest: true, random.Next(1, 6));
    }
}

var firstStack = SyntheticStacks.ToFrameIds(accumulator.Aggregator, stacks.Take(1).ToList())[0];
var snapshot = app.Services.GetRequiredService<ProfilerHost>().Snapshot();
Console.WriteLine($"Profile: {stackCount:N0} distinct stacks, {snapshot.NodeCount:N0} call-tree nodes, {snapshot.Frames.Count:N0} functions, {snapshot.Totals.ProcessSamples:N0} samples, merged {snapshot.Totals.MergedSamples:N0} (built in {seed.ElapsedMilliseconds} ms)");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

if (serveSeconds > 0)
{
    Console.WriteLine("Serving " + baseUrl + " for " + serveSeconds + " s");
    await Task.Delay(TimeSpan.FromSeconds(serveSeconds));
}

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
var functionId = 0;
Console.WriteLine();
Console.WriteLine("| API call | bytes | median ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var call in new[] { "api/functions?scope=requests&limit=50", "api/functions?scope=requests&limit=all", "api/tree?scope=requests&depth=3", "api/flame?scope=requests", "api/flame?scope=requests&jmc=true", "api/callers?scope=requests&function=" })
{
    var url = call.EndsWith('=') ? call + functionId.ToString(CultureInfo.InvariantCulture) : call;
    var times = new List<double>();
    long bytes = 0;
    for (var r = 0; r <= runs; r++)
    {
        Touch();
        var sw = Stopwatch.StartNew();
        var body = await http.GetByteArrayAsync(url);
        sw.Stop();
        bytes = body.Length;
        if (r > 0)
        {
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        if (call.StartsWith("api/functions?scope=requests&limit=50", StringComparison.Ordinal))
        {
            // The hottest function's id, for the callers call.
            var text = System.Text.Encoding.UTF8.GetString(body);
            var at = text.IndexOf("\"id\":", StringComparison.Ordinal);
            functionId = int.Parse(text.AsSpan(at + 5, text.IndexOf(',', at) - at - 5), CultureInfo.InvariantCulture);
        }
    }

    times.Sort();
    Console.WriteLine($"| `{url}` | {bytes:N0} | {times[times.Count / 2]:F0} | {times[^1]:F0} |");
}

var userData = Directory.CreateTempSubdirectory("hotpath-bench-chromium-");
try
{
    var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
    options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + userData.FullName);
    var service = ChromeDriverService.CreateDefaultService("/usr/bin");
    service.SuppressInitialDiagnosticInformation = true;
    using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    Console.WriteLine();
    Console.WriteLine("| Page (headless Chromium) | median ms | max ms | what it covers |");
    Console.WriteLine("|---|---:|---:|---|");
    foreach (var (tab, what) in new[]
    {
        ("functions", "navigation start → api/functions (50 rows) fetched and the table drawn"),
        ("tree", "navigation start → api/flame fetched, decoded, hot path expanded and drawn"),
        ("flame", "navigation start → api/flame fetched, decoded and the canvas drawn"),
    })
    {
        var times = new List<double>();
        var draws = new List<double>();
        for (var r = 0; r <= runs; r++)
        {
            driver.Navigate().GoToUrl("about:blank");
            Touch();
            driver.Navigate().GoToUrl(baseUrl + "#live=false&tab=" + tab);
            new WebDriverWait(driver, TimeSpan.FromSeconds(60)).Until(d => d.FindElement(By.TagName("body")).GetDomAttribute("data-loaded") == "true");
            var body = driver.FindElement(By.TagName("body"));
            if (body.GetDomAttribute("data-error") == "true")
            {
                throw new InvalidOperationException("The page reported an error: " + driver.FindElement(By.Id("error")).Text);
            }

            if (r > 0)
            {
                times.Add(double.Parse(body.GetDomAttribute("data-loaded-at")!, CultureInfo.InvariantCulture));
                if (tab == "flame")
                {
                    draws.Add(double.Parse(body.GetDomAttribute("data-flame-draw-ms")!, CultureInfo.InvariantCulture));
                }
            }
        }

        times.Sort();
        Console.WriteLine($"| {tab} | {times[times.Count / 2]:F0} | {times[^1]:F0} | {what} |");
        if (draws.Count > 0)
        {
            draws.Sort();
            Console.WriteLine($"| flame (canvas redraw only) | {draws[draws.Count / 2]:F0} | {draws[^1]:F0} | one full draw of the canvas, as on zoom or search |");
        }
    }

    var shot = Path.Combine(Path.GetTempPath(), "hotpath-bench-flame.png");
    ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(shot);
    Console.WriteLine();
    Console.WriteLine("Screenshot of the last page: " + shot);
}
finally
{
    await app.StopAsync();
    try
    {
        userData.Delete(recursive: true);
    }
    catch (IOException)
    {
        // Chromium may still hold its profile folder.
    }
}

// One more sample: the profile's version changes, so nothing is answered from the server's per-version cache (as under
// live load, where every poll sees new samples).
void Touch()
{
    lock (accumulator.Gate)
    {
        accumulator.Aggregator.Add(firstStack, inRequest: true, 1);
    }
}

int IntArg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
