using System.Globalization;
using System.Text.RegularExpressions;
using Hotpath.AspNetCore.Tests.Infrastructure;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>The profile page in real headless Chromium, against the demo under load: the table, tree, callers and flame graph.</summary>
[Collection(DemoCollection.Name)]
public sealed partial class ProfilePageBrowserTests(ITestOutputHelper output)
{
    private const string HotDisplay = "PrimeSieve.CountPrimes(int)";

    [Fact]
    public async Task ProfilePage_AfterComputeBurst_TableTreeCallersAndFlameGraphShowTheHotFunction()
    {
        await using var app = await DemoApp.StartAsync(output);
        await app.BurstAsync();
        var indexHtml = await app.GetOkAsync(DemoApp.ProfilePath.TrimStart('/') + "/");
        using var browser = BrowserSession.Start(output);
        var driver = browser.Driver;
        driver.Navigate().GoToUrl(new Uri(app.BaseAddress, DemoApp.ProfilePath + "/#live=false"));

        // 1. The table fills in, the CPU-heavy method on top, shown by its C# name with the runtime name in the tooltip.
        var refreshedAt = DateTime.UtcNow;
        browser.Wait("the table to show CountPrimes on top", d =>
        {
            if (browser.Loaded && FirstRuntimeName(d).StartsWith(DemoApp.HotFunction, StringComparison.Ordinal))
            {
                return true;
            }

            if (browser.Loaded && DateTime.UtcNow - refreshedAt > TimeSpan.FromSeconds(1))
            {
                d.FindElement(By.Id("refresh")).Click();
                refreshedAt = DateTime.UtcNow;
            }

            return false;
        });
        var first = driver.FindElement(By.CssSelector("tr.fn-row .fn-name"));
        Assert.Equal(HotDisplay, first.Text);
        Assert.StartsWith(DemoApp.HotFunction + "(int32)", first.GetDomAttribute("title"), StringComparison.Ordinal);
        Assert.Matches(TimeText(), driver.FindElement(By.CssSelector("tr.fn-row .fn-self .ms")).Text);
        Assert.Equal("running", driver.FindElement(By.CssSelector("#status")).GetDomAttribute("data-state"));
        browser.Screenshot("ui-profile.png");

        // 2. Sorting by name re-sorts the rows; filtering keeps only matching rows.
        var bySelf = RowNames(browser);
        browser.ActAndWaitForRender("the name sort", () => driver.FindElement(By.CssSelector("th[data-sort='name']")).Click());
        var byName = RowNames(browser);
        Assert.True(byName.Count >= 2, $"only {byName.Count} rows");
        Assert.Equal(byName.OrderBy(n => n, StringComparer.Ordinal), byName);
        Assert.NotEqual(bySelf, byName);
        Assert.Contains("sort=name", driver.Url, StringComparison.Ordinal);
        browser.ActAndWaitForRender("the filter", () => driver.FindElement(By.Id("filter")).SendKeys("Prime"));
        var filtered = RowNames(browser);
        Assert.NotEmpty(filtered);
        Assert.All(filtered, n => Assert.Contains("prime", n, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("matching the filter", driver.FindElement(By.Id("count")).Text, StringComparison.Ordinal);

        // 3. Call tree: expand until the hot function shows, with time and % of total / of parent.
        browser.OpenTab("tree");
        for (var i = 0; i < 40 && !TreeRowShown(browser); i++)
        {
            var closed = driver.FindElements(By.CssSelector(".tree-row[aria-expanded='false'] .toggle"));
            Assert.True(closed.Count > 0, "nothing left to expand and CountPrimes is not in the tree");
            var rowsBefore = browser.Count(".tree-row");
            closed[0].Click();
            Assert.True(browser.Count(".tree-row") > rowsBefore, "expanding a node added no rows");
        }

        var hotRow = driver.FindElements(By.CssSelector(".tree-row")).First(r => r.FindElement(By.CssSelector(".tree-name")).Text == HotDisplay);
        Assert.Matches(TimeText(), hotRow.FindElement(By.CssSelector(".tree-time")).Text);
        Assert.EndsWith("%", hotRow.FindElement(By.CssSelector(".tree-ppct")).Text, StringComparison.Ordinal);
        var expandedRows = browser.Count(".tree-row");
        var lastOpen = driver.FindElements(By.CssSelector(".tree-row[aria-expanded='true']")).Last().GetDomAttribute("data-node");
        driver.FindElement(By.CssSelector($".tree-row[data-node='{lastOpen}'] .toggle")).Click();
        Assert.True(browser.Count(".tree-row") < expandedRows, "collapsing a node removed no rows");
        driver.FindElement(By.CssSelector($".tree-row[data-node='{lastOpen}'] .toggle")).Click();
        Assert.Equal(expandedRows, browser.Count(".tree-row"));
        browser.Screenshot("ui-tree.png");

        // 4. Callers/callees of the hot function, picked from the tree: the endpoint that calls it.
        hotRow = driver.FindElements(By.CssSelector(".tree-row")).First(r => r.FindElement(By.CssSelector(".tree-name")).Text == HotDisplay);
        browser.ActAndWaitForRender("the callers view", () => hotRow.FindElement(By.CssSelector("button.link")).Click());
        Assert.Equal("callers", browser.Body("data-tab"));
        Assert.Equal(HotDisplay, driver.FindElement(By.CssSelector(".fn-title")).Text);
        var callerNames = driver.FindElements(By.CssSelector(".edges.callers .name-link")).Select(e => e.Text).ToList();
        // The endpoint method, or, once tier-1 code has inlined it, the request delegate ASP.NET Core generated for it
        // (frame-pointer stacks hold no inlined frames).
        Assert.Contains(callerNames, n => n == "DemoEndpoints.Compute(PrimeSieve, int?)" || n.StartsWith("lambda_method", StringComparison.Ordinal));
        browser.Screenshot("ui-callers.png");

        // 5. Flame graph: search highlights, a click zooms, the tooltip says self and total, reset zooms out.
        browser.OpenTab("flame");
        Assert.Equal("0", browser.Body("data-flame-zoom"));
        driver.FindElement(By.Id("flame-search")).SendKeys("CountPrimes");
        browser.Wait("the search to highlight", _ => browser.Text("#flame-hits").StartsWith("matches", StringComparison.Ordinal));
        var share = double.Parse(Regex.Match(browser.Text("#flame-hits"), @"matches ([0-9.]+)%").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(share > 5, $"CountPrimes matched only {share}% of the samples");
        browser.Screenshot("ui-flame.png");
        Hover(browser, depth: 1);
        browser.Wait("the tooltip", _ => driver.FindElement(By.Id("flame-tip")).Displayed);
        var tip = driver.FindElement(By.Id("flame-tip")).Text;
        Assert.Contains("total ", tip, StringComparison.Ordinal);
        Assert.Contains("self ", tip, StringComparison.Ordinal);
        ClickCanvas(browser, depth: 1);
        browser.Wait("the zoom", _ => browser.Body("data-flame-zoom") != "0");
        Assert.True(driver.FindElement(By.Id("flame-reset")).Enabled);
        Assert.NotEmpty(browser.Text("#flame-selected"));
        driver.FindElement(By.Id("flame-reset")).Click();
        browser.Wait("the zoom to reset", _ => browser.Body("data-flame-zoom") == "0");

        // 6. Requests: filter to the compute endpoint, open the slowest request; every view narrows to it.
        browser.OpenTab("requests");
        driver.FindElement(By.Id("rq-endpoint")).SendKeys("GET /api/compute");
        browser.ActAndWaitForRender("the endpoint filter", () => driver.FindElement(By.Id("rq-min")).Click());
        Assert.All(driver.FindElements(By.CssSelector(".rq-row .rq-endpoint")), e => Assert.Equal("GET /api/compute", e.Text));
        var slowest = driver.FindElements(By.CssSelector(".rq-row"))
            .OrderByDescending(r => double.Parse(r.FindElement(By.CssSelector(".rq-cpu")).Text.Split(' ')[0].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))
            .First();
        var requestId = slowest.GetDomAttribute("data-id");
        browser.ActAndWaitForRender("the request's flame graph", () => slowest.Click());
        Assert.Equal("flame", browser.Body("data-tab"));
        Assert.Equal("request " + requestId, browser.Text(".crumb-request .crumb-text"));
        Assert.Equal("GET /api/compute", browser.Text(".crumb-endpoint .crumb-text"));
        browser.OpenTab("tree");
        Assert.Contains(driver.FindElements(By.CssSelector(".tree-name")), e => e.Text == "[GET /api/compute · request " + requestId + "]");
        Assert.True(TreeRowShown(browser) || driver.FindElements(By.CssSelector(".tree-row[aria-expanded='false']")).Count > 0);
        browser.Screenshot("ui-request-tree.png");
        browser.ActAndWaitForRender("removing the request filter", () => driver.FindElement(By.CssSelector(".crumb-endpoint .crumb-clear")).Click());
        Assert.Equal(0, browser.Count(".crumb-request"));

        // 7. Live update: with live on, new samples redraw the view without a click.
        driver.FindElement(By.Id("auto")).Click();
        var renders = browser.Renders;
        await app.BurstAsync(5);
        browser.Wait("a live update", _ => browser.Renders > renders && browser.Loaded);

        // 8. Nothing rendered from data became markup: the page holds exactly the scripts index.html ships.
        var shipped = ScriptTag().Count(indexHtml);
        Assert.Equal(1, shipped);
        Assert.Equal(shipped, browser.Count("script"));
        Assert.Equal("false", browser.Body("data-error"));
    }

    internal static void Hover(BrowserSession browser, int depth) => CanvasEvent(browser, "mousemove", depth);

    internal static void ClickCanvas(BrowserSession browser, int depth) => CanvasEvent(browser, "click", depth);

    private static void CanvasEvent(BrowserSession browser, string type, int depth) =>
        browser.Js.ExecuteScript(
            "var c = document.getElementById('flame-canvas'); var r = c.getBoundingClientRect();" +
            $"c.dispatchEvent(new MouseEvent('{type}', {{ bubbles: true, clientX: r.left + 6, clientY: r.top + {depth} * 17 + 8 }}));");

    private static bool TreeRowShown(BrowserSession browser) =>
        browser.Driver.FindElements(By.CssSelector(".tree-row .tree-name")).Any(e => e.Text == HotDisplay);

    private static string FirstRuntimeName(IWebDriver driver)
    {
        var rows = driver.FindElements(By.CssSelector("tr.fn-row"));
        return rows.Count == 0 ? string.Empty : rows[0].GetDomAttribute("data-name") ?? string.Empty;
    }

    /// <summary>The rows' runtime names (the identity the server sorts and filters by).</summary>
    private static List<string> RowNames(BrowserSession browser) =>
        ((IReadOnlyCollection<object>)browser.Js.ExecuteScript(
            "return Array.from(document.querySelectorAll('tr.fn-row')).map(function (tr) { return tr.getAttribute('data-name'); });")!)
        .Select(o => (string)o).ToList();

    [GeneratedRegex(@"^[0-9.,]+ (ms|s|min)")]
    private static partial Regex TimeText();

    [GeneratedRegex("<script\\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
