using System.IO.Compression;
using Google.Protobuf;
using Hotpath.Export.Pprof;
using PValueType = Hotpath.Export.Pprof.ValueType;
using Hotpath.Model;
using Hotpath.Symbols;

namespace Hotpath.Export;

/// <summary>
/// Writes a view as a gzipped pprof <c>profile.proto</c>, the format <c>go tool pprof</c>, Grafana Pyroscope and most
/// profile viewers read: one function and one location per frame, one sample per call-tree node with samples, and two
/// values per sample (the sample count and the time it stands for, in nanoseconds).
/// </summary>
public static class PprofExporter
{
    /// <summary>The content type of the written data (gzip-compressed protobuf).</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>Writes <paramref name="view"/> to <paramref name="output"/> as gzipped protobuf.</summary>
    public static void Write(ProfileView view, Stream output)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(output);
        var profile = Build(view);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        profile.WriteTo(gzip);
    }

    /// <summary>Returns the gzipped protobuf as bytes.</summary>
    public static byte[] ToBytes(ProfileView view)
    {
        using var buffer = new MemoryStream();
        Write(view, buffer);
        return buffer.ToArray();
    }

    internal static Profile Build(ProfileView view)
    {
        var strings = new StringTable();
        var profile = new Profile();
        var timeType = view.Filter.Measure == ProfileMeasure.Wait ? "wait" : "cpu";
        var intervalNs = (long)Math.Round(view.IntervalMs * 1_000_000.0);
        profile.SampleType.Add(new PValueType { Type = strings.Id("samples"), Unit = strings.Id("count") });
        profile.SampleType.Add(new PValueType { Type = strings.Id(timeType), Unit = strings.Id("nanoseconds") });
        profile.PeriodType = new PValueType { Type = strings.Id(timeType), Unit = strings.Id("nanoseconds") };
        profile.Period = intervalNs;
        profile.DefaultSampleType = strings.Id(timeType);
        var snapshot = view.Snapshot;
        profile.TimeNanos = (snapshot.StartedAt - DateTimeOffset.UnixEpoch).Ticks * 100;
        profile.DurationNanos = Math.Max(0, (snapshot.CapturedAt - snapshot.StartedAt).Ticks * 100);
        profile.Comment.Add(strings.Id($"Hotpath {DescribeScope(view.Filter)}, {view.Filter.Measure.ToString().ToLowerInvariant()} samples every {view.IntervalMs:0.##} ms"));

        // One mapping per module, marked as symbolized so pprof never tries to look addresses up itself.
        var mappingByModule = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var frames = view.Frames;
        var locationOfFrame = new ulong[frames.Count];
        var parent = view.NodeParent;
        var frameOf = view.NodeFrame;
        var weights = view.Weights;
        for (var node = 1; node < view.NodeCount; node++)
        {
            if (weights[node] == 0)
            {
                continue;
            }

            var sample = new Sample();
            for (var n = node; n > 0; n = parent[n])
            {
                var f = frameOf[n];
                if (locationOfFrame[f] == 0)
                {
                    locationOfFrame[f] = AddFrame(profile, strings, mappingByModule, frames[f]);
                }

                sample.LocationId.Add(locationOfFrame[f]);
            }

            sample.Value.Add(weights[node]);
            sample.Value.Add(weights[node] * intervalNs);
            profile.Sample.Add(sample);
        }

        profile.StringTable.AddRange(strings.Values);
        return profile;
    }

    private static ulong AddFrame(Profile profile, StringTable strings, Dictionary<string, ulong> mappings, FrameInfo frame)
    {
        var id = (ulong)profile.Function.Count + 1;
        var function = new Function
        {
            Id = id,
            Name = strings.Id(DisplayNames.Of(frame)),
            SystemName = strings.Id(frame.Name),
            Filename = strings.Id(frame.File ?? string.Empty),
            StartLine = frame.Line ?? 0,
        };
        profile.Function.Add(function);
        if (!mappings.TryGetValue(frame.Module, out var mappingId))
        {
            mappingId = (ulong)profile.Mapping.Count + 1;
            mappings.Add(frame.Module, mappingId);
            profile.Mapping.Add(new Mapping
            {
                Id = mappingId,
                Filename = strings.Id(frame.Module.Length == 0 ? "[unknown]" : frame.Module),
                HasFunctions = true,
                HasFilenames = true,
                HasLineNumbers = true,
            });
        }

        // Frames are per method, so the address is a synthetic, unique id: pprof needs locations to differ.
        var location = new Location { Id = id, MappingId = mappingId, Address = id };
        location.Line.Add(new Line { FunctionId = id, Line_ = frame.Line ?? 0 });
        profile.Location.Add(location);
        return id;
    }

    private static string DescribeScope(ProfileFilter filter) => filter.Scope == ProfileScope.Requests ? "requests scope" : "process scope";

    private sealed class StringTable
    {
        private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal) { [string.Empty] = 0 };

        public List<string> Values { get; } = [string.Empty];

        public long Id(string value)
        {
            if (!_ids.TryGetValue(value, out var id))
            {
                id = Values.Count;
                _ids.Add(value, id);
                Values.Add(value);
            }

            return id;
        }
    }
}
