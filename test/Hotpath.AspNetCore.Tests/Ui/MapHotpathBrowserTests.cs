using System.Collections.Concurrent;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>The profile page served by <c>MapHotpath()</c> endpoints, in real headless Chromium: it loads, and Clear posts with its antiforgery token.</summary>
[Collection(DemoCollection.Name)]
public sealed class MapHotpathBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";

    [Fact]
    public async Task ProfilePage_ServedByEndpoints_LoadsAndClears()
    {
        Assert.True(File.Exists(ChromiumPath) && File.Exists(Path.Combine(DriverFolder, "chromedriver")), "needs Debian's chromium and chromium-driver (./test.sh installs them)");
        var seen = new ConcurrentQueue<string>();
        var builder = InProcessApp.CreateBuilder("Development");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            await next(context);
            seen.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode} {context.GetEndpoint()?.DisplayName}");
        });
        app.UseHotpath();
        app.MapHotpath();
        await using var running = await InProcessApp.StartAsync(app);
        var userData = Directory.CreateTempSubdirectory("hotpath-chromium-");
        try
        {
            using var driver = StartChromium(userData.FullName);
            driver.Navigate().GoToUrl(new Uri(running.BaseAddress, "__profile__"));
            Wait(driver, "the page to load its table", d => Body(d, "data-loaded") == "true");
            var renders = int.Parse(Body(driver, "data-renders") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

            driver.FindElement(By.Id("clear")).Click();
            Wait(driver, "the table to reload after Clear", d => int.Parse(Body(d, "data-renders") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > renders);

            Assert.EndsWith("/__profile__/", driver.Url, StringComparison.Ordinal);
            Assert.Equal("false", Body(driver, "data-error") ?? "false");
            Assert.Contains(seen, s => s.StartsWith("GET /__profile__/app.js 200 Hotpath asset app.js", StringComparison.Ordinal));
            Assert.Contains(seen, s => s.StartsWith("GET /__profile__/api/functions 200 Hotpath api/functions", StringComparison.Ordinal));
            Assert.Contains(seen, s => s.StartsWith("POST /__profile__/api/clear 200 Hotpath api/clear", StringComparison.Ordinal));
        }
        finally
        {
            try
            {
                userData.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be letting go of its profile; a stale temp folder is harmless.
            }
        }
    }

    private static string? Body(IWebDriver driver, string attribute) => driver.FindElement(By.TagName("body")).GetDomAttribute(attribute);

    private static void Wait(IWebDriver driver, string what, Func<IWebDriver, bool> condition)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(30)) { PollingInterval = TimeSpan.FromMilliseconds(200), Message = "waiting for " + what };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        wait.Until(condition);
    }

    private static ChromeDriver StartChromium(string userDataFolder)
    {
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,900", "--user-data-dir=" + userDataFolder);
        var service = ChromeDriverService.CreateDefaultService(DriverFolder);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
