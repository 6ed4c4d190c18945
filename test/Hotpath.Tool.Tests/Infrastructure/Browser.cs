using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>Headless Chromium from Debian's chromium and chromium-driver packages.</summary>
internal static class Browser
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";

    public static ChromeDriver Start(string userDataFolder)
    {
        Assert.True(File.Exists(ChromiumPath) && File.Exists(Path.Combine(DriverFolder, "chromedriver")),
            "This test needs Debian's chromium and chromium-driver; ./test.sh installs them.");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,900", "--user-data-dir=" + userDataFolder);
        var service = ChromeDriverService.CreateDefaultService(DriverFolder);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public static void Wait(IWebDriver driver, string what, Func<IWebDriver, bool> condition)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(30)) { PollingInterval = TimeSpan.FromMilliseconds(250), Message = "waiting for " + what };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        wait.Until(condition);
    }

    public static string Screenshot(IWebDriver driver, string name)
    {
        var path = Path.Combine(Repo.OutputFolder, name);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        return path;
    }
}
