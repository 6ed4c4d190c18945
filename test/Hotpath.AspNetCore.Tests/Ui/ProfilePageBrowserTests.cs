using System.Text.RegularExpressions;
using Hotpath.AspNetCore.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>The profile page in real headless Chromium (Debian's chromium and chromium-driver), against the demo.</summary>
[Collection(DemoCollection.Name)]
public sealed partial class ProfilePageBrowserTests(ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ProfilePage_AfterComputeBurst_ShowsHotFunctionAndSortsFiltersAndSwitchesScope()
    {
        RequireChromium();
        await using var app = await DemoApp.StartAsync(output);
        await app.BurstAsync();
        var indexHtml = await app.GetOkAsync(DemoApp.ProfilePath.TrimStart('/') + "/");
        var userData = Directory.CreateTempSubdirectory("hotpath-chromium-");
        try
        {
            using var driver = StartChromium(userData.FullName);
            var js = (IJavaScriptExecutor)driver;
            driver.Navigate().GoToUrl(new Uri(app.BaseAddress, DemoApp.ProfilePath + "/"));

            // 1. The table fills in, CPU-heavy method on top (refreshing until its samples have arrived).
            var refreshedAt = DateTime.UtcNow;
            Wait(driver, "the table to show CountPrimes on top", d =>
            {
                if (Loaded(d) && FirstName(d).Contains("CountPrimes", StringComparison.Ordinal))
                {
                    return true;
                }

                if (Loaded(d) && DateTime.UtcNow - refreshedAt > TimeSpan.FromSeconds(1))
                {
                    d.FindElement(By.Id("refresh")).Click();
                    refreshedAt = DateTime.UtcNow;
                }

                return false;
            });
            Assert.StartsWith(DemoApp.HotFunction, FirstName(driver), StringComparison.Ordinal);
            Assert.Equal("running", driver.FindElement(By.CssSelector("#status")).GetDomAttribute("data-state"));
            SaveScreenshot(driver);

            // 2. Sorting by name re-sorts the rows.
            var bySelf = RowNames(js);
            ActAndWaitForRender(driver, "the name sort", () => driver.FindElement(By.CssSelector("th[data-sort='name']")).Click());
            var byName = RowNames(js);
            Assert.True(byName.Count >= 2, $"only {byName.Count} rows");
            Assert.Equal(byName.OrderBy(n => n, StringComparer.Ordinal), byName);
            Assert.NotEqual(bySelf, byName);
            Assert.Equal("ascending", driver.FindElement(By.CssSelector("th[data-sort='name']")).GetDomAttribute("aria-sort"));
            Assert.Contains("sort=name", driver.Url, StringComparison.Ordinal);

            // 3. Filtering keeps only matching rows.
            ActAndWaitForRender(driver, "the filter", () => driver.FindElement(By.Id("filter")).SendKeys("Prime"));
            var filtered = Rows(js);
            Assert.NotEmpty(filtered);
            Assert.Contains(filtered, r => r.Name.StartsWith(DemoApp.HotFunction, StringComparison.Ordinal));
            Assert.All(filtered, r => Assert.True(
                $"{r.Name}\n{r.Module}\n{r.File}".Contains("prime", StringComparison.OrdinalIgnoreCase), $"row '{r.Name}' does not match 'Prime'"));
            Assert.Contains("matching the filter", driver.FindElement(By.Id("count")).Text, StringComparison.Ordinal);

            // 4. Switching the scope reloads the table from the process-wide profile.
            ActAndWaitForRender(driver, "the scope switch", () => driver.FindElement(By.CssSelector("#scope option[value='process']")).Click());
            Assert.Equal("Process samples", driver.FindElement(By.CssSelector("[data-stat='samples'] .label")).Text);
            Assert.Contains("scope=process", driver.Url, StringComparison.Ordinal);
            Assert.EndsWith("export/collapsed?scope=process", driver.FindElement(By.Id("download")).GetDomAttribute("href"), StringComparison.Ordinal);
            Assert.Contains(Rows(js), r => r.Name.StartsWith(DemoApp.HotFunction, StringComparison.Ordinal));

            // 5. Nothing rendered from data became markup: the page holds exactly the scripts index.html ships.
            var shipped = ScriptTag().Count(indexHtml);
            Assert.Equal(1, shipped);
            Assert.Equal(shipped, Convert.ToInt32(js.ExecuteScript("return document.querySelectorAll('script').length;"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("false", driver.FindElement(By.TagName("body")).GetDomAttribute("data-error") ?? "false");
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

    private static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverFolder, "chromedriver")))
        {
            Assert.Fail($"The UI test needs Chromium ({ChromiumPath}) and chromedriver ({DriverFolder}/chromedriver), from Debian's chromium and "
                + "chromium-driver packages. Run the suite with the README's test command, ./test.sh, which installs them.");
        }
    }

    private static ChromeDriver StartChromium(string userDataFolder)
    {
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1400,1000",
            "--user-data-dir=" + userDataFolder);

        // An explicit driver: Selenium Manager must not try to download one.
        var service = ChromeDriverService.CreateDefaultService(DriverFolder);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private void SaveScreenshot(IWebDriver driver)
    {
        var folder = Path.Combine(DemoApp.RepoRoot, "test-output");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "ui-profile.png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        output.WriteLine($"Screenshot: {path}");
    }

    private static void Wait(IWebDriver driver, string what, Func<IWebDriver, bool> condition)
    {
        var wait = new WebDriverWait(driver, WaitTimeout) { PollingInterval = TimeSpan.FromMilliseconds(250), Message = "waiting for " + what };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        wait.Until(condition);
    }

    /// <summary>Does something that makes the page reload its table, and waits until the new data is rendered.</summary>
    private static void ActAndWaitForRender(IWebDriver driver, string what, Action act)
    {
        var before = Renders(driver);
        act();
        Wait(driver, what + " to re-render the table", d => Renders(d) > before && Loaded(d));
    }

    private static bool Loaded(IWebDriver driver) => driver.FindElement(By.TagName("body")).GetDomAttribute("data-loaded") == "true";

    private static int Renders(IWebDriver driver) =>
        int.TryParse(driver.FindElement(By.TagName("body")).GetDomAttribute("data-renders"), out var n) ? n : 0;

    private static string FirstName(IWebDriver driver)
    {
        var cells = driver.FindElements(By.CssSelector("tr.fn-row .fn-name"));
        return cells.Count == 0 ? string.Empty : cells[0].GetDomProperty("textContent") ?? string.Empty;
    }

    private static List<string> RowNames(IJavaScriptExecutor js) => Rows(js).Select(r => r.Name).ToList();

    private static List<(string Name, string Module, string File)> Rows(IJavaScriptExecutor js)
    {
        var rows = (IReadOnlyCollection<object>)js.ExecuteScript(
            "return Array.from(document.querySelectorAll('tr.fn-row')).map(function (tr) {" +
            "  return [tr.querySelector('.fn-name').textContent, tr.querySelector('.fn-module').textContent, tr.querySelector('.fn-file').title || ''];" +
            "});")!;
        return rows.Select(r => ((IReadOnlyCollection<object>)r).Select(c => (string)c).ToArray())
            .Select(c => (c[0], c[1], c[2]))
            .ToList();
    }

    [GeneratedRegex("<script\\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
