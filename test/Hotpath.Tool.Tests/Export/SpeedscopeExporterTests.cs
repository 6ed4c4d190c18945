using System.Text.Json;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Tool.Tests.Infrastructure;

namespace Hotpath.Tool.Tests.Export;

public sealed class SpeedscopeExporterTests
{
    [Fact]
    public void Write_TwoScopes_OneSampledProfileEachWithTimeWeightsAndSharedFrames()
    {
        var snapshot = TestProfiles.Build(parse: 30, hash: 50, alloc: 10, intervalMs: 2);
        var views = new[] { ProfileView.Create(snapshot, ProfileFilter.Requests), ProfileView.Create(snapshot, ProfileFilter.Process) };

        using var doc = JsonDocument.Parse(SpeedscopeExporter.ToJson(views, "test"));

        var root = doc.RootElement;
        Assert.Equal(SpeedscopeExporter.Schema, root.GetProperty("$schema").GetString());
        var profiles = root.GetProperty("profiles").EnumerateArray().ToList();
        Assert.Equal(2, profiles.Count);
        Assert.All(profiles, p => Assert.Equal("sampled", p.GetProperty("type").GetString()));
        Assert.All(profiles, p => Assert.Equal("milliseconds", p.GetProperty("unit").GetString()));

        // Process scope: 92 samples × 2 ms.
        var process = profiles[1];
        Assert.Equal(184, process.GetProperty("weights").EnumerateArray().Sum(w => w.GetDouble()), 3);
        Assert.Equal(184, process.GetProperty("endValue").GetDouble(), 3);
        var frames = root.GetProperty("shared").GetProperty("frames").EnumerateArray().ToList();
        var hash = frames.FindIndex(f => f.GetProperty("name").GetString() == Hotpath.Symbols.DisplayNames.Of(TestProfiles.Hash));
        Assert.Equal("/src/App/Crypto.cs", frames[hash].GetProperty("file").GetString());
        Assert.Equal(60, frames[hash].GetProperty("line").GetInt32());

        // Samples are root first: Main, Handle, Hash.
        var samples = process.GetProperty("samples").EnumerateArray().Select(s => s.EnumerateArray().Select(i => i.GetInt32()).ToArray()).ToList();
        var hashStack = samples.Single(s => s[^1] == hash);
        Assert.Equal([Hotpath.Symbols.DisplayNames.Of(TestProfiles.Main), Hotpath.Symbols.DisplayNames.Of(TestProfiles.Handle), Hotpath.Symbols.DisplayNames.Of(TestProfiles.Hash)], hashStack.Select(i => frames[i].GetProperty("name").GetString()));
    }
}
