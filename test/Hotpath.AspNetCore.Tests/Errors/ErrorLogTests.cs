using Hotpath.AspNetCore.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Tests.Errors;

/// <summary>The in-memory error log's bounds and grouping, and the redaction rules, without a server.</summary>
public sealed class ErrorLogTests
{
    [Fact]
    public void Add_MoreThanTheCaps_KeepsLatestOccurrencesAndEvictsLeastRecentGroup()
    {
        var log = new ErrorLog(Options.Create(new HotpathOptions { MaxErrorGroups = 2, MaxOccurrencesPerGroup = 3 }));
        var start = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 5; i++)
        {
            log.Add(Occurrence(log, "A", start.AddSeconds(i)));
        }

        log.Add(Occurrence(log, "B", start.AddSeconds(10)));
        log.Add(Occurrence(log, "C", start.AddSeconds(11)));

        var groups = log.Groups();
        Assert.Equal(["C", "B"], groups.Select(g => g.Type));
        Assert.Equal(1, log.EvictedGroups);
        Assert.Null(log.Find(ExceptionText.GroupId("A", "site")));

        var fresh = new ErrorLog(Options.Create(new HotpathOptions { MaxErrorGroups = 2, MaxOccurrencesPerGroup = 3 }));
        for (var i = 0; i < 5; i++)
        {
            fresh.Add(Occurrence(fresh, "A", start.AddSeconds(i)));
        }

        var a = fresh.Find(ExceptionText.GroupId("A", "site"))!;
        Assert.Equal(5, a.Count);
        Assert.Equal(3, a.Occurrences.Count);
        Assert.Equal(start.AddSeconds(4), a.Occurrences[0].At);
        Assert.Equal(start, a.FirstSeen);
    }

    [Fact]
    public async Task SiteOf_AsyncMethod_TopUserFrameByItsSourceName()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(ThrowDeepAsync);

        Assert.Equal(typeof(ErrorLogTests).FullName + "." + nameof(ThrowDeepAsync), ExceptionText.SiteOf(exception));
    }

    [Theory]
    [InlineData("?page=2&token=abc", "?page=2&token=[redacted]")]
    [InlineData("?%74oken=abc&q=x", "?%74oken=[redacted]&q=x")]
    [InlineData("?api_key=1&API-KEY=2&password=3&code=4&state=ok", "?api_key=[redacted]&API-KEY=[redacted]&password=[redacted]&code=[redacted]&state=ok")]
    [InlineData("?flag&x=1", "?flag&x=1")]
    [InlineData("", "")]
    public void QueryRedactor_SensitiveNames_ValuesReplaced(string query, string expected)
    {
        Assert.Equal(expected, new HeaderRedactor(new HotpathOptions()).Query(query));
    }

    [Fact]
    public void HeaderRedactor_DefaultsConfiguredNamesAndPatterns_Redacted()
    {
        var options = new HotpathOptions();
        options.RedactHeaders.Add("X-Tenant");
        options.RedactPatterns.Add("^x-internal-");
        options.RedactQueryParameters.Add("email");
        var redactor = new HeaderRedactor(options);
        var headers = new HeaderDictionary
        {
            ["Authorization"] = "Bearer s",
            ["Cookie"] = "a=s",
            ["X-Api-Key"] = "s",
            ["X-Refresh-Token"] = "s",
            ["X-Client-Secret"] = "s",
            ["X-Tenant"] = "s",
            ["X-Internal-Route"] = "s",
            ["Accept"] = "text/html",
        };

        var kept = redactor.Headers(headers);

        Assert.All(kept.Where(h => h.Key != "Accept"), h => Assert.Equal("[redacted]", h.Value));
        Assert.Equal("text/html", kept["Accept"]);
        Assert.Equal("?email=[redacted]&x-internal-id=[redacted]&page=1", redactor.Query("?email=a@b&x-internal-id=7&page=1"));
    }

    private static async Task ThrowDeepAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("deep");
    }

    private static ErrorOccurrence Occurrence(ErrorLog log, string type, DateTimeOffset at) =>
        new(log.NextId(), ExceptionText.GroupId(type, "site"), at, type, "m", "site", "x", "stack",
            new ErrorRequest("GET", "/", string.Empty, null, 500, new Dictionary<string, string>(), null, null, null));
}
