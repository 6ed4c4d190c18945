using Hotpath.Requests;

namespace Hotpath.Tests.Requests;

public sealed class QueryRedactorTests
{
    [Theory]
    [InlineData("?token=abc&page=2", "?token=[redacted]&page=2")]
    [InlineData("?Password=hunter2", "?Password=[redacted]")]
    [InlineData("?API_KEY=1&x=2", "?API_KEY=[redacted]&x=2")]
    [InlineData("?client_secret=s&refresh_token=r&x-api-key=k", "?client_secret=[redacted]&refresh_token=[redacted]&x-api-key=[redacted]")]
    [InlineData("?code=123&state=ok", "?code=[redacted]&state=ok")]
    [InlineData("?sig=abc&signature=def&access_token=t", "?sig=[redacted]&signature=[redacted]&access_token=[redacted]")]
    [InlineData("?%74oken=abc", "?%74oken=[redacted]")]
    [InlineData("?monkey=1&keyboard=2&tokens=3", "?monkey=1&keyboard=2&tokens=3")]
    [InlineData("?flag&&q=x", "?flag&q=x")]
    [InlineData("", "")]
    [InlineData("?", "")]
    public void Redact_DefaultNames_ReplacesOnlySensitiveValues(string query, string expected) =>
        Assert.Equal(expected, new QueryRedactor().Redact(query));

    [Fact]
    public void Redact_ExtraName_IsRedactedCaseInsensitively() =>
        Assert.Equal("?tenant=[redacted]&q=1", new QueryRedactor(["Tenant"]).Redact("?TENANT=acme&q=1".Replace("TENANT", "tenant", StringComparison.Ordinal)));

    [Fact]
    public void Redact_HugeQuery_IsCut()
    {
        // Act
        var redacted = new QueryRedactor().Redact("?" + string.Join('&', Enumerable.Range(0, 2000).Select(i => $"p{i}=v{i}")) + "&token=x");

        // Assert
        Assert.True(redacted.Length <= QueryRedactor.MaxLength + 1);
        Assert.DoesNotContain("token=x", redacted, StringComparison.Ordinal);
    }
}
