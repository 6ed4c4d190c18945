using System.Globalization;
using System.Text.Json;
using Hotpath.Model;
using Hotpath.Symbols;

namespace Hotpath.Export;

/// <summary>
/// Writes views in speedscope's file format (https://www.speedscope.app/file-format-schema.json): shared frames with
/// name, file and line, and one <c>sampled</c> profile per view whose weights are time in milliseconds
/// (samples × the view's interval).
/// </summary>
public static class SpeedscopeExporter
{
    /// <summary>The schema URL speedscope uses to recognise its own format.</summary>
    public const string Schema = "https://www.speedscope.app/file-format-schema.json";

    /// <summary>Writes one sampled profile per view, in order; the first is the one speedscope opens.</summary>
    /// <param name="views">The views to write (e.g. the requests and the process scope of one snapshot).</param>
    /// <param name="name">The name speedscope shows for the file.</param>
    /// <param name="output">Where the UTF-8 JSON goes.</param>
    public static void Write(IReadOnlyList<ProfileView> views, string name, Stream output)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(output);
        if (views.Count == 0)
        {
            throw new ArgumentException("At least one view is needed.", nameof(views));
        }

        using var json = new Utf8JsonWriter(output);
        var frameIds = new Dictionary<FrameInfo, int>();
        var frames = new List<FrameInfo>();
        json.WriteStartObject();
        json.WriteString("$schema", Schema);
        json.WriteString("name", name);
        json.WriteNumber("activeProfileIndex", 0);
        json.WriteString("exporter", "Hotpath " + typeof(SpeedscopeExporter).Assembly.GetName().Version?.ToString(3));

        // Profiles are written first into a buffer-free pass over each view, collecting the frames they use.
        json.WritePropertyName("profiles");
        json.WriteStartArray();
        var stack = new List<int>();
        foreach (var view in views)
        {
            WriteProfile(json, view, frameIds, frames, stack);
        }

        json.WriteEndArray();
        json.WritePropertyName("shared");
        json.WriteStartObject();
        json.WritePropertyName("frames");
        json.WriteStartArray();
        foreach (var frame in frames)
        {
            json.WriteStartObject();
            json.WriteString("name", DisplayNames.Of(frame));
            if (frame.File is { } file)
            {
                json.WriteString("file", file);
            }
            else if (frame.Module.Length > 0)
            {
                json.WriteString("file", frame.Module);
            }

            if (frame.Line is { } line)
            {
                json.WriteNumber("line", line);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Returns the JSON as a string.</summary>
    public static string ToJson(IReadOnlyList<ProfileView> views, string name)
    {
        using var buffer = new MemoryStream();
        Write(views, name, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteProfile(Utf8JsonWriter json, ProfileView view, Dictionary<FrameInfo, int> frameIds, List<FrameInfo> frames, List<int> stack)
    {
        var interval = view.IntervalMs;
        var parent = view.NodeParent;
        var frameOf = view.NodeFrame;
        var weights = view.Weights;
        json.WriteStartObject();
        json.WriteString("type", "sampled");
        json.WriteString("name", Describe(view));
        json.WriteString("unit", "milliseconds");
        json.WriteNumber("startValue", 0);
        json.WriteNumber("endValue", Math.Round(view.Total * interval, 3));
        json.WritePropertyName("samples");
        json.WriteStartArray();
        for (var node = 1; node < view.NodeCount; node++)
        {
            if (weights[node] == 0)
            {
                continue;
            }

            stack.Clear();
            for (var n = node; n > 0; n = parent[n])
            {
                stack.Add(frameOf[n]);
            }

            json.WriteStartArray();
            for (var i = stack.Count - 1; i >= 0; i--)
            {
                var frame = view.Frames[stack[i]];
                if (!frameIds.TryGetValue(frame, out var id))
                {
                    id = frames.Count;
                    frameIds.Add(frame, id);
                    frames.Add(frame);
                }

                json.WriteNumberValue(id);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WritePropertyName("weights");
        json.WriteStartArray();
        for (var node = 1; node < view.NodeCount; node++)
        {
            if (weights[node] != 0)
            {
                json.WriteNumberValue(Math.Round(weights[node] * interval, 3));
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Describe(ProfileView view)
    {
        var filter = view.Filter;
        var scope = filter.Scope == ProfileScope.Requests ? "requests" : "process";
        var text = string.Create(CultureInfo.InvariantCulture, $"{scope} ({filter.Measure.ToString().ToLowerInvariant()}, {view.Total} samples × {view.IntervalMs:0.##} ms)");
        if (filter.Endpoint is { } endpoint)
        {
            text = endpoint + " — " + text;
        }

        if (filter.RequestId is { } request)
        {
            text = string.Create(CultureInfo.InvariantCulture, $"request {request} — {text}");
        }

        return text;
    }
}
