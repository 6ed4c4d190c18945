using Hotpath.LineDemo;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Hotpath.LineProfiler.Tests.Api;

/// <summary>lines.html in real headless Chromium (Debian's chromium and chromium-driver).</summary>
[Collection(CountersCollection.Name)]
public sealed class LinesPageBrowserTests(ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";

    [Fact]
    public async Task LinesPage_ShowsSourceWithHitsTimesAndHeat_AllEscaped()
    {
        Assert.True(File.Exists(ChromiumPath) && File.Exists(Path.Combine(DriverFolder, "chromedriver")), "needs Debian's chromium and chromium-driver (./test.sh installs them)");
        await using var app = await LineApp.StartAsync();
        Scenarios.Loop(1000);
        Scenarios.Words("a b a");
        var html = await app.Client.GetStringAsync("lines.html");
        var userData = Directory.CreateTempSubdirectory("hotpath-chromium-");
        try
        {
            using var driver = StartChromium(userData.FullName);
            driver.Navigate().GoToUrl(new Uri(app.BaseAddress, "lines.html?function=" + Uri.EscapeDataString("Scenarios\\.(Loop|Words)$")));
            new WebDriverWait(driver, TimeSpan.FromSeconds(30)) { Message = "lines to load" }
                .Until(d => d.FindElement(By.TagName("body")).GetDomAttribute("data-loaded") == "true");

            var sections = driver.FindElements(By.CssSelector("section.fn-lines"));
            Assert.Equal(["Hotpath.LineDemo.Scenarios.Words", "Hotpath.LineDemo.Scenarios.Loop"], sections.Select(s => s.GetDomAttribute("data-function")));
            var loop = sections[1];
            var body = loop.FindElements(By.CssSelector("tbody tr")).Single(r => r.FindElement(By.CssSelector("td.code")).Text.EndsWith("// line: loop-body", StringComparison.Ordinal));
            Assert.True(long.Parse(body.FindElement(By.CssSelector("td.hits")).Text, System.Globalization.CultureInfo.InvariantCulture) >= 1000);
            Assert.Equal(string.Empty, body.FindElement(By.CssSelector("td.time")).Text);
            Assert.Single(body.FindElements(By.CssSelector("td.heat .bar")));
            // Source with '<' stays text: the for line renders as written and adds no element.
            var forLine = loop.FindElements(By.CssSelector("td.code")).Single(c => c.Text.Contains("i < n", StringComparison.Ordinal));
            Assert.Empty(forLine.FindElements(By.XPath("./*")));
            var words = sections[0];
            Assert.Contains(words.FindElements(By.CssSelector("td.time")), t => t.Text.Length > 0);
            Assert.Contains("(sampled)", words.FindElement(By.CssSelector("thead")).Text, StringComparison.Ordinal);
            Assert.Equal(1, html.Split("<script", StringSplitOptions.None).Length - 1);
            Assert.Single(driver.FindElements(By.TagName("script")));

            var shot = Path.Combine(Build.Dotnet.Repo, "test-output", "ui-lines.png");
            Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
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
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1300,1100", "--user-data-dir=" + userDataFolder);
        var service = ChromeDriverService.CreateDefaultService(DriverFolder);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
