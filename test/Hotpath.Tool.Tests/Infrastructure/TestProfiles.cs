using Hotpath.Model;

namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>Small profiles with known numbers, built directly as snapshots.</summary>
internal static class TestProfiles
{
    public static readonly FrameInfo Main = new("App.Program.Main(string[])", "App", "/src/App/Program.cs", 5);
    public static readonly FrameInfo Handle = new("App.Api.Handle(int32)", "App", "/src/App/Api.cs", 20);
    public static readonly FrameInfo Parse = new("App.Json.Parse(string)", "App", "/src/App/Json.cs", 40);
    public static readonly FrameInfo Hash = new("App.Crypto.Hash(uint8[])", "App", "/src/App/Crypto.cs", 60);
    public static readonly FrameInfo Alloc = new("System.GC.Alloc()", "System.Private.CoreLib");

    /// <summary>
    /// Main → Handle → {Parse (self <paramref name="parse"/>), Hash (self <paramref name="hash"/>)}, Main → Alloc (self
    /// <paramref name="alloc"/>), Handle self <paramref name="handle"/>; the requests scope holds half of each.
    /// </summary>
    public static ProfileSnapshot Build(long parse, long hash, long alloc, long handle = 2, double intervalMs = 10, long waitParse = 0)
    {
        FrameInfo[] frames = [Main, Handle, Parse, Hash, Alloc];
        int[] parent = [-1, 0, 1, 2, 2, 1];
        int[] frame = [-1, 0, 1, 2, 3, 4];
        long[] process = [0, 0, handle, parse, hash, alloc];
        var requests = process.Select(c => c / 2).ToArray();
        long[] waits = [0, 0, 0, waitParse, 0, 0];
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var totals = new ProfileTotals
        {
            ProcessSamples = process.Sum(),
            RequestSamples = requests.Sum(),
            ProcessWaitSamples = waitParse,
            RequestWaitSamples = waitParse,
            Requests = 10,
            WallSpanMs = process.Sum() * intervalMs,
            EffectiveIntervalMs = intervalMs,
            ConfiguredIntervalMs = intervalMs,
        };
        // Rows: the requests' half carries the request label (and all the waits); the rest is process-only.
        var rows = new List<ProfileRow>();
        for (var node = 1; node < parent.Length; node++)
        {
            rows.Add(new ProfileRow(node, 0, process[node] - requests[node], 0));
            rows.Add(new ProfileRow(node, 1, requests[node], waits[node]));
        }

        ProfileLabelSet[] labels = [ProfileLabelSet.ProcessOnly, ProfileLabelSet.AnyRequest];
        return new ProfileSnapshot(frames, parent, frame, labels, rows.ToArray(), totals, start, start.AddSeconds(30));
    }
}
