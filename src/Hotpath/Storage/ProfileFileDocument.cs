using System.Text.Json.Serialization;

namespace Hotpath.Storage;

// The on-disk shape of format version 1; see docs/profile-format.md. Field names are part of the format: do not rename.
internal sealed class ProfileFileDocument
{
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("version")]
    public int Version { get; set; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("capturedAt")]
    public DateTimeOffset CapturedAt { get; set; }

    [JsonPropertyName("totals")]
    public ProfileFileTotals? Totals { get; set; }

    [JsonPropertyName("frames")]
    public List<ProfileFileFrame>? Frames { get; set; }

    [JsonPropertyName("nodeParent")]
    public int[]? NodeParent { get; set; }

    [JsonPropertyName("nodeFrame")]
    public int[]? NodeFrame { get; set; }

    [JsonPropertyName("processCounts")]
    public long[]? ProcessCounts { get; set; }

    [JsonPropertyName("requestCounts")]
    public long[]? RequestCounts { get; set; }
}

internal sealed class ProfileFileFrame
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("module")]
    public string? Module { get; set; }

    [JsonPropertyName("file")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; set; }

    [JsonPropertyName("line")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Line { get; set; }
}

internal sealed class ProfileFileTotals
{
    [JsonPropertyName("idleSamples")]
    public long IdleSamples { get; set; }

    [JsonPropertyName("mergedSamples")]
    public long MergedSamples { get; set; }

    [JsonPropertyName("discardedSamples")]
    public long DiscardedSamples { get; set; }

    [JsonPropertyName("ownSamples")]
    public long OwnSamples { get; set; }

    [JsonPropertyName("requests")]
    public long Requests { get; set; }

    [JsonPropertyName("wallSpanMs")]
    public double WallSpanMs { get; set; }

    [JsonPropertyName("effectiveIntervalMs")]
    public double? EffectiveIntervalMs { get; set; }

    [JsonPropertyName("configuredIntervalMs")]
    public double ConfiguredIntervalMs { get; set; }
}
