using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hotpath.AspNetCore.Hosting;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Hotpath.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Hotpath.AspNetCore.Tests.Ui;

/// <summary>api/tree, api/callers, api/flame and api/version on a real app whose accumulator holds a known profile.</summary>
[Collection(DemoCollection.Name)]
public sealed class ViewsApiTests : IAsyncLifetime
{
    private const string Handler = "App.Api.Handler(int32)";
    private const string Work = "App.Api+<WorkAsync>d__3.MoveNext()";
    private InProcessApp _app = null!;
    private ProfilerHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = InProcessApp.CreateBuilder();
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o => o.DiscardFirstRequest = false);
        _app = await InProcessApp.StartAsync(InProcessApp.Build(builder));
        _host = _app.App.Services.GetRequiredService<ProfilerHost>();
        // Handler → Work (6) → List.Sort (3, framework), Handler self 1; Hotpath's middleware sits under Handler's caller.
        Add(3, ("Kestrel.Run()", "Microsoft.AspNetCore.Server.Kestrel.Core"), ("Hotpath.AspNetCore.HotpathMiddleware.InvokeAsync()", "Hotpath.AspNetCore"), (Handler, "App"), (Work, "App"), ("System.Collections.Generic.List`1[System.__Canon].Sort()", "System.Private.CoreLib"));
        Add(6, ("Kestrel.Run()", "Microsoft.AspNetCore.Server.Kestrel.Core"), ("Hotpath.AspNetCore.HotpathMiddleware.InvokeAsync()", "Hotpath.AspNetCore"), (Handler, "App"), (Work, "App"));
        Add(1, ("Kestrel.Run()", "Microsoft.AspNetCore.Server.Kestrel.Core"), ("Hotpath.AspNetCore.HotpathMiddleware.InvokeAsync()", "Hotpath.AspNetCore"), (Handler, "App"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Tree_RequestsScope_MiddlewareFoldedOutDisplayNamesAndPercents()
    {
        using var json = await GetJsonAsync("api/tree?scope=requests&depth=4");
        var kestrel = Single(json.RootElement.GetProperty("root"));
        Assert.Equal("Kestrel.Run()", kestrel.GetProperty("name").GetString());
        var handler = Single(kestrel);
        Assert.Equal(Handler, handler.GetProperty("name").GetString());
        Assert.Equal("Api.Handler(int)", handler.GetProperty("display").GetString());
        Assert.Equal(10, handler.GetProperty("total").GetInt64());
        var work = Single(handler);
        Assert.Equal("Api.WorkAsync", work.GetProperty("display").GetString());
        Assert.Equal(90.0, work.GetProperty("pctParent").GetDouble());
        Assert.Equal(90.0, work.GetProperty("pctTotal").GetDouble());
        Assert.True(work.GetProperty("totalMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Flame_JustMyCode_FrameworkFoldedIntoCallerArraysAligned()
    {
        using var json = await GetJsonAsync("api/flame?scope=requests&jmc=true");
        var entries = json.RootElement.GetProperty("entries");
        var display = json.RootElement.GetProperty("frames").GetProperty("display").EnumerateArray().Select(e => e.GetString()).ToList();
        var frame = entries.GetProperty("frame").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var self = entries.GetProperty("self").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(frame.Count, entries.GetProperty("depth").GetArrayLength());
        Assert.Equal(frame.Count, entries.GetProperty("total").GetArrayLength());
        Assert.Equal([null, "Api.Handler(int)", "Api.WorkAsync"], frame.Select(f => f < 0 ? null : display[f]));
        Assert.Equal(9, self[2]); // List.Sort's 3 samples folded into the async method that called it
        Assert.Equal(10, json.RootElement.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Callers_ByRuntimeName_CallersAndCalleesWithTime()
    {
        using var json = await GetJsonAsync("api/callers?scope=requests&function=" + Uri.EscapeDataString(Work));
        var root = json.RootElement;
        Assert.Equal(9, root.GetProperty("function").GetProperty("total").GetInt64());
        var caller = Assert.Single(root.GetProperty("callers").EnumerateArray());
        Assert.Equal("Api.Handler(int)", caller.GetProperty("display").GetString());
        Assert.Equal(100.0, caller.GetProperty("pct").GetDouble());
        var callee = Assert.Single(root.GetProperty("callees").EnumerateArray());
        Assert.Equal("List<T>.Sort()", callee.GetProperty("display").GetString());
        Assert.Equal(3, callee.GetProperty("samples").GetInt64());
    }

    [Fact]
    public async Task Flame_SameVersion_AnswersNotModifiedThenChangesWithNewSamples()
    {
        using var first = await _app.Client.GetAsync("__profile__/api/flame?scope=requests");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "__profile__/api/flame?scope=requests");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _app.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var before = await VersionAsync();
        Add(1, ("Kestrel.Run()", "Microsoft.AspNetCore.Server.Kestrel.Core"));
        Assert.NotEqual(before, await VersionAsync());
        using var changed = new HttpRequestMessage(HttpMethod.Get, "__profile__/api/flame?scope=requests");
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await _app.Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Theory]
    [InlineData("api/tree?scope=evil", "scope")]
    [InlineData("api/tree?measure=heat", "measure")]
    [InlineData("api/tree?jmc=yes", "jmc")]
    [InlineData("api/tree?request=abc", "request")]
    [InlineData("api/tree?node=999999", "node")]
    [InlineData("api/tree?depth=-1", "depth")]
    [InlineData("api/flame?minShare=2", "minShare")]
    [InlineData("api/callers", "function")]
    [InlineData("api/callers?function=NoSuch.Method()", "function")]
    public async Task Views_BadQuery_Returns400SayingWhatToChange(string query, string mentions)
    {
        using var response = await _app.Client.GetAsync("__profile__/" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(mentions, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Functions_Rows_CarryIdAndDisplayBesideTheRuntimeName()
    {
        using var json = await GetJsonAsync("api/functions?scope=requests&limit=all");
        var row = json.RootElement.GetProperty("functions").EnumerateArray().Single(r => r.GetProperty("name").GetString() == Work);
        Assert.Equal("Api.WorkAsync", row.GetProperty("display").GetString());
        Assert.True(row.GetProperty("id").GetInt32() >= 0);
    }

    private void Add(long weight, params (string Name, string Module)[] stack)
    {
        var accumulator = _host.Profiler.Accumulator;
        lock (accumulator.Gate)
        {
            var ids = stack.Select(f => accumulator.Aggregator.InternFrame(new FrameInfo(f.Name, f.Module))).ToArray();
            accumulator.Aggregator.Add(ids, inRequest: true, weight);
        }
    }

    private async Task<string?> VersionAsync()
    {
        using var json = await GetJsonAsync("api/version");
        return json.RootElement.GetProperty("version").GetString();
    }

    private async Task<JsonDocument> GetJsonAsync(string relative)
    {
        using var response = await _app.Client.GetAsync("__profile__/" + relative);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{relative} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }

    private static JsonElement Single(JsonElement node) =>
        Assert.Single(node.GetProperty("children").EnumerateArray(), c => c.GetProperty("total").GetInt64() > 0);
}
