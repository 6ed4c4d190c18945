using System.Text.Json.Serialization;

namespace Hotpath.Storage;

// The on-disk shape of format versions 1 and 2; see docs/profile-format.md. Field names are part of the format: do not rename.
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
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[]? ProcessCounts { get; set; }

    [JsonPropertyName("requestCounts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[]? RequestCounts { get; set; }

    // Version 2: labelled rows (pprof-style samples) and the records of the requests that keep a profile.
    [JsonPropertyName("labelSets")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ProfileFileLabelSet>? LabelSets { get; set; }

    [JsonPropertyName("rowNode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? RowNode { get; set; }

    [JsonPropertyName("rowLabelSet")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? RowLabelSet { get; set; }

    [JsonPropertyName("rowCpu")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[]? RowCpu { get; set; }

    [JsonPropertyName("rowWait")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[]? RowWait { get; set; }

    [JsonPropertyName("requests")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ProfileFileRequest>? Requests { get; set; }
}

internal sealed class ProfileFileLabelSet
{
    [JsonPropertyName("inRequest")]
    public bool InRequest { get; set; }

    [JsonPropertyName("request")]
    public long Request { get; set; }

    [JsonPropertyName("endpoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Endpoint { get; set; }
}

internal sealed class ProfileFileRequest
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("method")]
    public string? Method { get; set; }

    [JsonPropertyName("path")]
    public string? Path { get; set; }

    [JsonPropertyName("query")]
    public string? Query { get; set; }

    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; set; }

    [JsonPropertyName("status")]
    public int Status { get; set; }

    [JsonPropertyName("durationMs")]
    public double DurationMs { get; set; }

    [JsonPropertyName("traceId")]
    public string? TraceId { get; set; }

    [JsonPropertyName("cpuSamples")]
    public long CpuSamples { get; set; }

    [JsonPropertyName("waitSamples")]
    public long WaitSamples { get; set; }

    [JsonPropertyName("failed")]
    public bool Failed { get; set; }

    [JsonPropertyName("keepReason")]
    public string? KeepReason { get; set; }
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

    [JsonPropertyName("unlabelledSamples")]
    public long UnlabelledSamples { get; set; }

    [JsonPropertyName("droppedRequestProfiles")]
    public long DroppedRequestProfiles { get; set; }
}
