using System.IO.Compression;
using System.Text.Json;
using Hotpath.Analysis;
using Hotpath.Export;
using Hotpath.Export.Pprof;
using Hotpath.Model;
using Hotpath.Symbols;
using Hotpath.Tool.Tests.Infrastructure;

namespace Hotpath.Tool.Tests.Export;

[Collection(ToolCollection.Name)]
public sealed class PprofExporterTests
{
    [Fact]
    public void Write_KnownProfile_HasEmptyFirstStringTimeTypesAndPeriod()
    {
        var view = ProfileView.Create(TestProfiles.Build(parse: 30, hash: 50, alloc: 10, intervalMs: 10), ProfileFilter.Process);

        var profile = Decode(PprofExporter.ToBytes(view));

        Assert.Equal(string.Empty, profile.StringTable[0]);
        Assert.Equal(["samples/count", "cpu/nanoseconds"], profile.SampleType.Select(t => S(profile, t.Type) + "/" + S(profile, t.Unit)));
        Assert.Equal("cpu/nanoseconds", S(profile, profile.PeriodType.Type) + "/" + S(profile, profile.PeriodType.Unit));
        Assert.Equal(10_000_000, profile.Period);
        Assert.Equal(92, profile.Sample.Sum(s => s.Value[0]));
        Assert.Equal(92 * 10_000_000L, profile.Sample.Sum(s => s.Value[1]));
        var hash = profile.Function.Single(f => S(profile, f.SystemName) == TestProfiles.Hash.Name);
        Assert.Equal("/src/App/Crypto.cs", S(profile, hash.Filename));
        Assert.Equal(60, hash.StartLine);

        // The Hash sample's stack, leaf first: Hash, Handle, Main.
        var hashSample = profile.Sample.Single(s => s.Value[0] == 50);
        var names = hashSample.LocationId.Select(id => S(profile, profile.Function.Single(f => f.Id == profile.Location.Single(l => l.Id == id).Line[0].FunctionId).SystemName));
        Assert.Equal([TestProfiles.Hash.Name, TestProfiles.Handle.Name, TestProfiles.Main.Name], names);
    }

    [Fact]
    public void Write_WaitMeasure_UsesWaitNanoseconds()
    {
        var view = ProfileView.Create(TestProfiles.Build(parse: 30, hash: 50, alloc: 10, waitParse: 7), ProfileFilter.Process with { Measure = ProfileMeasure.Wait });

        var profile = Decode(PprofExporter.ToBytes(view));

        Assert.Equal("wait/nanoseconds", S(profile, profile.SampleType[1].Type) + "/" + S(profile, profile.SampleType[1].Unit));
        Assert.Equal(7, profile.Sample.Sum(s => s.Value[0]));
    }

    [Fact]
    public void GoToolPprof_KnownProfile_TopFunctionIsOursAndTimeIsShown()
    {
        using var temp = new TempFolder();
        var snapshot = TestProfiles.Build(parse: 30, hash: 50, alloc: 10);
        var file = temp.File("known.pb.gz");
        File.WriteAllBytes(file, PprofExporter.ToBytes(ProfileView.Create(snapshot, ProfileFilter.Process)));

        var top = GoPprof.Top(file);

        var ours = FunctionTable.Compute(snapshot, ProfileScope.Process).OrderByDescending(r => r.Self).First();
        Assert.Equal(GoPprof.Comparable(DisplayNames.Of(ours.Frame)), GoPprof.Comparable(GoPprof.TopFunctions(top)[0]));
        Assert.Contains("Type: cpu", top, StringComparison.Ordinal);

        // 92 samples × 10 ms: pprof shows time, not counts.
        Assert.Contains("Total samples = 920ms", top, StringComparison.Ordinal);
    }

    [Fact]
    public void PprofFormat_Npm_DecodesOurFunctions()
    {
        using var temp = new TempFolder();
        var file = temp.File("known.pb.gz");
        File.WriteAllBytes(file, PprofExporter.ToBytes(ProfileView.Create(TestProfiles.Build(parse: 30, hash: 50, alloc: 10), ProfileFilter.Process)));

        var json = NpmTools.Node(
            """
            const { Profile } = require('pprof-format');
            const zlib = require('zlib');
            const p = Profile.decode(zlib.gunzipSync(require('fs').readFileSync(process.argv[2])));
            const s = i => p.stringTable.strings[Number(i)];
            console.log(JSON.stringify({
              types: p.sampleType.map(t => s(t.type) + '/' + s(t.unit)),
              functions: p.function.map(f => s(f.systemName)),
              total: p.sample.reduce((a, x) => a + Number(x.value[0]), 0),
            }));
            """, file);

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["samples/count", "cpu/nanoseconds"], doc.RootElement.GetProperty("types").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(TestProfiles.Hash.Name, doc.RootElement.GetProperty("functions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(92, doc.RootElement.GetProperty("total").GetInt32());
    }

    internal static Profile Decode(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        return Profile.Parser.ParseFrom(input);
    }

    private static string S(Profile p, long i) => p.StringTable[(int)i];
}
