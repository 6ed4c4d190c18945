using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Hotpath.Model;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>
/// Frame and module names that carry markup (<c>&lt;script&gt;</c>, <c>&lt;img onerror&gt;</c>) render as text in every
/// view, and nothing in them runs. The profile is put straight into a real app's accumulator (the sampler is not started).
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class HostileNamesBrowserTests(ITestOutputHelper output)
{
    private const string ScriptName = "Evil.<script>window.__pwned=1</script>.Run(int32)";
    private const string ImgModule = "<img src=x onerror=\"window.__pwned=2\">";

    [Fact]
    public async Task Views_FrameNamesWithMarkup_ShowAsTextAndRunNothing()
    {
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.DiscardFirstRequest = false);
        await using var app = await InProcessApp.StartAsync(InProcessApp.Build(builder));
        var accumulator = app.App.Services.GetRequiredService<ProfilerHost>().Profiler.Accumulator;
        lock (accumulator.Gate)
        {
            var aggregator = accumulator.Aggregator;
            var main = aggregator.InternFrame(new FrameInfo("App.Program.Main()", "App"));
            var evil = aggregator.InternFrame(new FrameInfo(ScriptName, ImgModule));
            aggregator.Add([main, evil], inRequest: true, 40);
            aggregator.Add([main], inRequest: true, 5);
        }

        using var browser = BrowserSession.Start(output);
        var driver = browser.Driver;
        driver.Navigate().GoToUrl(new Uri(app.BaseAddress, "__profile__/#live=false"));
        browser.Wait("the table", _ => browser.Loaded && browser.Count("tr.fn-row") >= 2);

        // Table: the name is text (the display name keeps the markup characters), the module too.
        var row = driver.FindElement(By.CssSelector("tr.fn-row[data-id]"));
        Assert.Contains("</script>", browser.Text("tr.fn-row .fn-name"), StringComparison.Ordinal);
        Assert.Equal(ScriptName, driver.FindElement(By.CssSelector("tr.fn-row .fn-name")).GetDomAttribute("title"));
        Assert.Contains(ImgModule, browser.Text("tr.fn-row .fn-module"), StringComparison.Ordinal);
        Assert.Equal(ScriptName, row.GetDomAttribute("data-name"));

        // Tree, callers and the flame graph's tooltip.
        browser.OpenTab("tree");
        Assert.Contains(driver.FindElements(By.CssSelector(".tree-name")), e => e.Text.Contains("</script>", StringComparison.Ordinal));
        var evilRow = driver.FindElements(By.CssSelector(".tree-row")).First(r => r.Text.Contains("</script>", StringComparison.Ordinal));
        browser.ActAndWaitForRender("the callers view", () => evilRow.FindElement(By.CssSelector("button.link")).Click());
        Assert.Contains("</script>", driver.FindElement(By.CssSelector(".fn-title")).Text, StringComparison.Ordinal);
        Assert.Contains(ScriptName, driver.FindElement(By.CssSelector(".fn-full")).Text, StringComparison.Ordinal);
        Assert.Contains(ImgModule, driver.FindElement(By.CssSelector(".fn-full")).Text, StringComparison.Ordinal);
        browser.OpenTab("flame");
        ProfilePageBrowserTests.Hover(browser, depth: 2);
        browser.Wait("the tooltip", _ => driver.FindElement(By.Id("flame-tip")).Displayed);
        Assert.Contains(ScriptName, driver.FindElement(By.Id("flame-tip")).Text, StringComparison.Ordinal);
        browser.Screenshot("ui-hostile-names.png");

        // Nothing ran and nothing became an element.
        Assert.Null(browser.Js.ExecuteScript("return window.__pwned === undefined ? null : window.__pwned;"));
        Assert.Equal(1, browser.Count("script"));
        Assert.Equal(0, browser.Count("img"));
        Assert.Equal("false", browser.Body("data-error"));
    }
}
