using System.Globalization;
using Hotpath.AspNetCore.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>
/// Headless Chromium (Debian's chromium and chromium-driver) driving the profile page, with the waits and reads the page
/// exposes for tests (body[data-loaded], data-renders, data-tab). Screenshots go to test-output/ at the repository root.
/// </summary>
internal sealed class BrowserSession : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _userData;
    private readonly ITestOutputHelper _output;

    private BrowserSession(ChromeDriver driver, DirectoryInfo userData, ITestOutputHelper output)
    {
        Driver = driver;
        _userData = userData;
        _output = output;
    }

    public ChromeDriver Driver { get; }

    public IJavaScriptExecutor Js => Driver;

    public static string ScreenshotFolder => Path.Combine(DemoApp.RepoRoot, "test-output");

    public static BrowserSession Start(ITestOutputHelper output)
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverFolder, "chromedriver")))
        {
            Assert.Fail($"The UI test needs Chromium ({ChromiumPath}) and chromedriver ({DriverFolder}/chromedriver), from Debian's chromium and "
                + "chromium-driver packages. Run the suite with the README's test command, ./test.sh, which installs them.");
        }

        var userData = Directory.CreateTempSubdirectory("hotpath-chromium-");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + userData.FullName);

        // An explicit driver: Selenium Manager must not try to download one.
        var service = ChromeDriverService.CreateDefaultService(DriverFolder);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new BrowserSession(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), userData, output);
    }

    public void Wait(string what, Func<IWebDriver, bool> condition)
    {
        var wait = new WebDriverWait(Driver, WaitTimeout) { PollingInterval = TimeSpan.FromMilliseconds(200), Message = "waiting for " + what };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        wait.Until(condition);
    }

    public string Body(string attribute) => Driver.FindElement(By.TagName("body")).GetDomAttribute(attribute) ?? string.Empty;

    public bool Loaded => Body("data-loaded") == "true";

    public int Renders => int.TryParse(Body("data-renders"), out var n) ? n : 0;

    /// <summary>Does something that makes the page reload its view, and waits until the new data is rendered.</summary>
    public void ActAndWaitForRender(string what, Action act)
    {
        var before = Renders;
        act();
        Wait(what + " to re-render", _ => Renders > before && Loaded);
    }

    /// <summary>Switches to a tab and waits for its data.</summary>
    public void OpenTab(string tab)
    {
        ActAndWaitForRender("the " + tab + " tab", () => Driver.FindElement(By.Id("tab-" + tab)).Click());
        Assert.Equal(tab, Body("data-tab"));
        Assert.False(Driver.FindElement(By.Id("panel-" + tab)).GetDomProperty("hidden") == "true", tab + " panel hidden");
    }

    public int Count(string css) => Convert.ToInt32(Js.ExecuteScript($"return document.querySelectorAll({Quote(css)}).length;"), CultureInfo.InvariantCulture);

    public string Text(string css) => (string?)Js.ExecuteScript($"var e = document.querySelector({Quote(css)}); return e ? e.textContent : '';") ?? string.Empty;

    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name);
        ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(path);
        _output.WriteLine($"Screenshot: {path}");
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            _userData.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be letting go of its profile; a stale temp folder is harmless.
        }
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
