using System.Net;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Symbols;
using Hotpath.Tool.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Hotpath.Tool.Tests.Export;

/// <summary>Our speedscope JSON in npm's speedscope viewer (its release build), in headless Chromium.</summary>
[Collection(ToolCollection.Name)]
public sealed class SpeedscopeBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Speedscope_OpensOurJson_ShowsOurFramesWithoutError()
    {
        NpmTools.EnsureInstalled();
        var snapshot = TestProfiles.Build(parse: 30, hash: 50, alloc: 10);
        var views = new[] { ProfileView.Create(snapshot, ProfileFilter.Requests), ProfileView.Create(snapshot, ProfileFilter.Process) };
        var json = SpeedscopeExporter.ToJson(views, "hotpath-known");
        await using var server = await StartServerAsync(json);
        var baseUrl = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var userData = Directory.CreateTempSubdirectory("hotpath-chromium-");
        try
        {
            using var driver = Browser.Start(userData.FullName);
            driver.Navigate().GoToUrl($"{baseUrl}/index.html#profileURL={Uri.EscapeDataString(baseUrl + "/profile.json")}");

            // speedscope titles the page with the file's name once it has imported it.
            Browser.Wait(driver, "speedscope to load the profile", d => d.Title.Contains("hotpath-known", StringComparison.Ordinal));
            Browser.Wait(driver, "the flame chart", d => d.FindElements(By.TagName("canvas")).Count > 0);
            output.WriteLine("Screenshot: " + Browser.Screenshot(driver, "speedscope-time-order.png"));

            // The sandwich view lists functions as text: our frames, by their display names.
            driver.FindElement(By.XPath("//*[contains(text(),'Sandwich')]")).Click();
            var hash = DisplayNames.Of(TestProfiles.Hash);
            Browser.Wait(driver, "the sandwich table to list our frames", d => d.PageSource.Contains(hash, StringComparison.Ordinal));
            Assert.Contains(DisplayNames.Of(TestProfiles.Parse), driver.PageSource, StringComparison.Ordinal);

            // Time, not counts: Hash has 25 request samples × 10 ms.
            Assert.Contains("250.00ms", driver.PageSource, StringComparison.Ordinal);
            Assert.DoesNotContain("Something went wrong", driver.PageSource, StringComparison.OrdinalIgnoreCase);
            Assert.Throws<NoAlertPresentException>(() => driver.SwitchTo().Alert());
            output.WriteLine("Screenshot: " + Browser.Screenshot(driver, "speedscope-sandwich.png"));
        }
        finally
        {
            userData.Delete(recursive: true);
        }
    }

    private static async Task<WebApplication> StartServerAsync(string json)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(NpmTools.SpeedscopeRelease), ServeUnknownFileTypes = true });
        app.MapGet("/profile.json", () => Results.Text(json, "application/json"));
        await app.StartAsync();
        return app;
    }
}
