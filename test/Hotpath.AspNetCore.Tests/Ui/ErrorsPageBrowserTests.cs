using Hotpath.AspNetCore.Tests.Errors;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>The error log page (errors.html) in real headless Chromium: groups, detail, pipeline, nothing injected.</summary>
[Collection(DemoCollection.Name)]
public sealed class ErrorsPageBrowserTests(ITestOutputHelper output)
{
    private const string Secret = "ui-secret-4242";
    private const string Hostile = "<img src=x onerror=\"window.__xss=1\"> failed";

    [Fact]
    public async Task ErrorsPage_ShowsGroupsDetailAndPipeline_EscapedAndWithoutSecrets()
    {
        Assert.True(File.Exists("/usr/bin/chromium") && File.Exists("/usr/bin/chromedriver"), "needs Debian's chromium and chromium-driver (./test.sh installs them)");
        await using var app = await ErrorCaptureTests.StartAsync("Production", web =>
        {
            web.UseHotpath();
            web.MapGet("/boom/{name}", string (string name) => throw new InvalidOperationException(Hostile + " for " + name));
        });
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/boom/%3Cscript%3E?api_key={Secret}"))
        {
            request.Headers.Add("X-Auth-Token", Secret);
            using var _ = await app.Client.SendAsync(request);
        }

        await ErrorsApiClient.WaitForGroupAsync(app.Client, typeof(InvalidOperationException).FullName!);
        var userData = Directory.CreateTempSubdirectory("hotpath-chromium-");
        try
        {
            using var driver = StartChromium(userData.FullName);
            driver.Navigate().GoToUrl(new Uri(app.BaseAddress, "/__profile__/errors.html"));

            Wait(driver, "the groups table", d => d.FindElement(By.TagName("body")).GetDomAttribute("data-loaded") == "true"
                && d.FindElements(By.CssSelector("#groups tbody tr")).Count == 1);
            var row = driver.FindElement(By.CssSelector("#groups tbody tr"));
            Assert.Contains("System.InvalidOperationException", row.Text, StringComparison.Ordinal);
            Assert.Contains("<img src=x", row.Text, StringComparison.Ordinal);

            row.Click();
            Wait(driver, "the detail view", d => d.FindElement(By.TagName("body")).GetDomAttribute("data-view") == "detail"
                && d.FindElement(By.TagName("body")).GetDomAttribute("data-loaded") == "true");
            Assert.Contains(nameof(ErrorsPageBrowserTests), driver.FindElement(By.CssSelector(".occurrence pre.stack")).Text, StringComparison.Ordinal);
            Assert.Contains("unhandled (server 500)", driver.FindElement(By.Id("detail-view")).Text, StringComparison.Ordinal);

            driver.FindElement(By.CssSelector(".show-pipeline")).Click();
            Wait(driver, "the pipeline table", d => d.FindElement(By.CssSelector(".pipeline-holder")).GetDomAttribute("data-loaded") == "true");
            var pipeline = driver.FindElement(By.CssSelector("table.pipeline")).Text;
            Assert.Contains("HotpathMiddleware", pipeline, StringComparison.Ordinal);
            Assert.Contains("System.InvalidOperationException", pipeline, StringComparison.Ordinal);

            var js = (IJavaScriptExecutor)driver;
            Assert.Equal(0L, js.ExecuteScript("return document.querySelectorAll('img, script:not([src])').length;"));
            Assert.Null(js.ExecuteScript("return window.__xss === undefined ? null : window.__xss;"));
            Assert.DoesNotContain(Secret, (string)js.ExecuteScript("return document.documentElement.outerHTML;")!, StringComparison.Ordinal);

            var folder = Path.Combine(DemoApp.RepoRoot, "test-output");
            Directory.CreateDirectory(folder);
            var shot = Path.Combine(folder, "ui-errors.png");
            ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(shot);
            output.WriteLine("Screenshot: " + shot);
        }
        finally
        {
            userData.Delete(recursive: true);
        }
    }

    private static ChromeDriver StartChromium(string userDataFolder)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + userDataFolder);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static void Wait(IWebDriver driver, string what, Func<IWebDriver, bool> condition)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(30)) { PollingInterval = TimeSpan.FromMilliseconds(200), Message = "waiting for " + what };
        wait.Until(condition);
    }
}
