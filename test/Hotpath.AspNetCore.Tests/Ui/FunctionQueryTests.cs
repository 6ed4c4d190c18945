using Hotpath.Analysis;
using Hotpath.AspNetCore.Ui;
using Hotpath.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hotpath.AspNetCore.Tests.Ui;

public sealed class FunctionQueryTests
{
    // Every column orders these four rows differently, so a sort on the wrong column cannot pass.
    private static readonly FunctionStats[] Rows =
    [
        Row(0, "Alpha.Run", "ModB", "/src/c.cs", 10, self: 5, total: 50),
        Row(1, "Beta.Work", "ModA", "/src/a.cs", 20, self: 30, total: 40),
        Row(2, "Gamma.Loop", "ModC", null, null, self: 10, total: 60),
        Row(3, "Delta.Prime", "ModD", "/src/b.cs", 5, self: 20, total: 20),
    ];

    [Theory]
    [InlineData("self", "desc", "Beta.Work,Delta.Prime,Gamma.Loop,Alpha.Run")]
    [InlineData("self", "asc", "Alpha.Run,Gamma.Loop,Delta.Prime,Beta.Work")]
    [InlineData("total", "desc", "Gamma.Loop,Alpha.Run,Beta.Work,Delta.Prime")]
    [InlineData("total", "asc", "Delta.Prime,Beta.Work,Alpha.Run,Gamma.Loop")]
    [InlineData("name", "asc", "Alpha.Run,Beta.Work,Delta.Prime,Gamma.Loop")]
    [InlineData("name", "desc", "Gamma.Loop,Delta.Prime,Beta.Work,Alpha.Run")]
    [InlineData("module", "asc", "Beta.Work,Alpha.Run,Gamma.Loop,Delta.Prime")]
    [InlineData("module", "desc", "Delta.Prime,Gamma.Loop,Alpha.Run,Beta.Work")]
    [InlineData("file", "asc", "Gamma.Loop,Beta.Work,Delta.Prime,Alpha.Run")]
    [InlineData("file", "desc", "Alpha.Run,Delta.Prime,Beta.Work,Gamma.Loop")]
    public void Apply_SortAndDirection_OrdersRowsByThatColumn(string sort, string dir, string expected)
    {
        var query = Parse(("sort", sort), ("dir", dir));

        var (rows, matched) = query.Apply(Rows);

        Assert.Equal(expected.Split(','), Names(rows));
        Assert.Equal(4, matched);
    }

    [Theory]
    [InlineData("self", "Beta.Work,Delta.Prime,Gamma.Loop,Alpha.Run")]
    [InlineData("total", "Gamma.Loop,Alpha.Run,Beta.Work,Delta.Prime")]
    [InlineData("name", "Alpha.Run,Beta.Work,Delta.Prime,Gamma.Loop")]
    [InlineData("NAME", "Alpha.Run,Beta.Work,Delta.Prime,Gamma.Loop")]
    [InlineData("module", "Beta.Work,Alpha.Run,Gamma.Loop,Delta.Prime")]
    public void Apply_SortWithoutDirection_NumbersDescendTextAscends(string sort, string expected)
    {
        var query = Parse(("sort", sort));

        Assert.Equal(expected.Split(','), Names(query.Apply(Rows).Rows));
    }

    [Fact]
    public void Apply_NoQuery_SortsBySelfDescendingInRequestsScope()
    {
        var query = Parse();

        Assert.Equal(ProfileScope.Requests, query.Scope);
        Assert.Equal(["Beta.Work", "Delta.Prime", "Gamma.Loop", "Alpha.Run"], Names(query.Apply(Rows).Rows));
    }

    [Fact]
    public void Apply_EqualSelf_BreaksTiesByName()
    {
        FunctionStats[] rows = [Row(0, "Zeta", "M", null, null, 7, 7), Row(1, "Eta", "M", null, null, 7, 9), Row(2, "Theta", "M", null, null, 7, 8)];

        var (sorted, _) = Parse(("sort", "self")).Apply(rows);

        Assert.Equal(["Eta", "Theta", "Zeta"], Names(sorted));
    }

    [Fact]
    public void Apply_Limit_ReturnsTheTopRowsAndCountsAllMatches()
    {
        var (rows, matched) = Parse(("limit", "2")).Apply(Rows);

        Assert.Equal(["Beta.Work", "Delta.Prime"], Names(rows));
        Assert.Equal(4, matched);
    }

    [Fact]
    public void Apply_DefaultLimit_Returns50RowsAndLimitAllReturnsEvery()
    {
        var many = Enumerable.Range(0, 60).Select(i => Row(i, $"F{i:D2}", "M", null, null, i + 1, i + 1)).ToArray();

        var (page, matched) = Parse().Apply(many);
        var (all, _) = Parse(("limit", "all")).Apply(many);

        Assert.Equal(50, page.Count);
        Assert.Equal(60, matched);
        Assert.Equal("F59", page[0].Frame.Name);
        Assert.Equal(60, all.Count);
    }

    [Theory]
    [InlineData("prime", "Delta.Prime")]          // name, any case
    [InlineData("MODA", "Beta.Work")]             // module
    [InlineData("/src/c.cs", "Alpha.Run")]        // file
    [InlineData(".", "Beta.Work,Delta.Prime,Gamma.Loop,Alpha.Run")]
    [InlineData("(", "")]                         // not a regex: matched literally
    public void Apply_TextFilter_KeepsRowsWhoseNameModuleOrFileContainsIt(string filter, string expected)
    {
        var (rows, matched) = Parse(("filter", filter)).Apply(Rows);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Names(rows));
        Assert.Equal(rows.Count, matched);
    }

    [Theory]
    [InlineData(@"^(alpha|gamma)\.", "Gamma.Loop,Alpha.Run")]
    [InlineData("Prime$", "Delta.Prime")]
    [InlineData(@"^Mod[AB]$", "Beta.Work,Alpha.Run")]
    [InlineData(@"[ab]\.cs$", "Beta.Work,Delta.Prime")]
    public void Apply_RegexFilter_KeepsRowsWithAMatchingNameModuleOrFile(string pattern, string expected)
    {
        var (rows, _) = Parse(("filter", pattern), ("regex", "true")).Apply(Rows);

        Assert.Equal(expected.Split(','), Names(rows));
    }

    [Fact]
    public void Apply_RegexFlagWithoutFilter_KeepsEveryRow()
    {
        Assert.Equal(4, Parse(("regex", "true")).Apply(Rows).Matched);
    }

    [Theory]
    [InlineData("scope", "evil", "scope must be")]
    [InlineData("sort", "bogus", "sort must be")]
    [InlineData("dir", "up", "dir must be")]
    [InlineData("limit", "0", "limit must be")]
    [InlineData("limit", "-1", "limit must be")]
    [InlineData("limit", "abc", "limit must be")]
    [InlineData("limit", "1.5", "limit must be")]
    [InlineData("limit", " 2", "limit must be")]
    [InlineData("limit", "99999999999", "limit must be")]
    public void Parse_BadValue_ReturnsNullWithAMessageSayingWhatToChange(string key, string value, string message)
    {
        var query = FunctionQuery.Parse(Query((key, value)), out var error);

        Assert.Null(query);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", "not a valid regular expression")]
    [InlineData("[a-", "not a valid regular expression")]
    [InlineData("(?<=a)b", "not supported")]
    [InlineData(@"(a)\1", "not supported")]
    public void Parse_BadRegex_ReturnsNullWithTheReason(string pattern, string message)
    {
        var query = FunctionQuery.Parse(Query(("filter", pattern), ("regex", "true")), out var error);

        Assert.Null(query);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FilterLongerThanTheMaximum_ReturnsNull()
    {
        var atMax = FunctionQuery.Parse(Query(("filter", new string('a', FunctionQuery.MaxFilterLength))), out _);
        var tooLong = FunctionQuery.Parse(Query(("filter", new string('a', FunctionQuery.MaxFilterLength + 1))), out var error);
        var huge = FunctionQuery.Parse(Query(("filter", new string('a', 10_000))), out _);

        Assert.NotNull(atMax);
        Assert.Null(tooLong);
        Assert.Null(huge);
        Assert.Contains($"at most {FunctionQuery.MaxFilterLength}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HostileRegex_MatchesWithoutBacktrackingBlowUp()
    {
        // Catastrophic for a backtracking engine; must still answer (correctly) here.
        var query = FunctionQuery.Parse(Query(("filter", "^(a+)+$"), ("regex", "true")), out var error);
        FunctionStats[] rows = [Row(0, new string('a', 5_000) + "!", "M", null, null, 1, 1), Row(1, "aaaa", "M", null, null, 2, 2)];

        Assert.Null(error);
        Assert.Equal(["aaaa"], Names(query!.Apply(rows).Rows));
    }

    [Theory]
    [InlineData(null, ProfileScope.Requests)]
    [InlineData("", ProfileScope.Requests)]
    [InlineData("requests", ProfileScope.Requests)]
    [InlineData("process", ProfileScope.Process)]
    [InlineData("PROCESS", ProfileScope.Process)]
    public void TryParseScope_KnownValue_ReturnsTheScope(string? text, ProfileScope expected)
    {
        Assert.True(FunctionQuery.TryParseScope(text, out var scope));
        Assert.Equal(expected, scope);
    }

    [Theory]
    [InlineData("evil")]
    [InlineData("request")]
    [InlineData("process ")]
    public void TryParseScope_UnknownValue_ReturnsFalse(string text)
    {
        Assert.False(FunctionQuery.TryParseScope(text, out _));
    }

    private static FunctionStats Row(int index, string name, string module, string? file, int? line, long self, long total) =>
        new(index, new FrameInfo(name, module, file, line), self, total);

    private static QueryCollection Query(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => new StringValues(p.Value)));

    private static FunctionQuery Parse(params (string Key, string Value)[] pairs)
    {
        var query = FunctionQuery.Parse(Query(pairs), out var error);
        Assert.True(query is not null, error);
        return query;
    }

    private static List<string> Names(IEnumerable<FunctionStats> rows) => rows.Select(r => r.Frame.Name).ToList();
}
