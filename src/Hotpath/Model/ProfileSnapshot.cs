namespace Hotpath.Model;

/// <summary>
/// An immutable copy of an accumulated profile: a call tree of interned frames with per-scope sample counts.
/// Exporters and views walk this model; the saved-profile format stores exactly this.
/// </summary>
/// <remarks>
/// Node 0 is the root and has no frame (<see cref="NodeFrame"/> is -1). Every other node's parent has a smaller index, so
/// a single forward pass visits parents before children. Counts are exclusive: a node's count is the number of samples
/// whose stack ended exactly at that node.
/// </remarks>
public sealed class ProfileSnapshot
{
    /// <summary>Creates a snapshot; arrays are taken as they are (not copied).</summary>
    public ProfileSnapshot(
        IReadOnlyList<FrameInfo> frames,
        int[] nodeParent,
        int[] nodeFrame,
        long[] processCounts,
        long[] requestCounts,
        ProfileTotals totals,
        DateTimeOffset startedAt,
        DateTimeOffset capturedAt,
        long[]? processWaits = null,
        long[]? requestWaits = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(nodeParent);
        ArgumentNullException.ThrowIfNull(nodeFrame);
        ArgumentNullException.ThrowIfNull(processCounts);
        ArgumentNullException.ThrowIfNull(requestCounts);
        ArgumentNullException.ThrowIfNull(totals);
        Frames = frames;
        NodeParent = nodeParent;
        NodeFrame = nodeFrame;
        ProcessCounts = processCounts;
        RequestCounts = requestCounts;
        Totals = totals;
        StartedAt = startedAt;
        CapturedAt = capturedAt;
        ProcessWaits = processWaits ?? new long[nodeParent.Length];
        RequestWaits = requestWaits ?? new long[nodeParent.Length];
    }

    /// <summary>Interned frames; nodes refer to them by index.</summary>
    public IReadOnlyList<FrameInfo> Frames { get; }

    /// <summary>Each node's parent index (-1 for the root).</summary>
    public int[] NodeParent { get; }

    /// <summary>Each node's frame index (-1 for the root).</summary>
    public int[] NodeFrame { get; }

    /// <summary>Exclusive sample counts per node in the whole-process scope.</summary>
    public long[] ProcessCounts { get; }

    /// <summary>Exclusive sample counts per node in the requests scope.</summary>
    public long[] RequestCounts { get; }

    /// <summary>Exclusive wait samples per node in the whole-process scope.</summary>
    public long[] ProcessWaits { get; }

    /// <summary>Exclusive wait samples per node in the requests scope.</summary>
    public long[] RequestWaits { get; }

    /// <summary>How the profile was gathered.</summary>
    public ProfileTotals Totals { get; }

    /// <summary>When accumulation started (or was last cleared).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When this copy was taken.</summary>
    public DateTimeOffset CapturedAt { get; }

    /// <summary>The number of call-tree nodes, root included.</summary>
    public int NodeCount => NodeParent.Length;

    /// <summary>The exclusive counts of one scope.</summary>
    public long[] Counts(ProfileScope scope) => scope == ProfileScope.Requests ? RequestCounts : ProcessCounts;

    /// <summary>The exclusive counts of one scope and measure.</summary>
    public long[] CountsOf(ProfileScope scope, ProfileMeasure measure) => measure == ProfileMeasure.Wait
        ? (scope == ProfileScope.Requests ? RequestWaits : ProcessWaits)
        : Counts(scope);

    /// <summary>The total samples of one scope.</summary>
    public long SampleCount(ProfileScope scope) => scope == ProfileScope.Requests ? Totals.RequestSamples : Totals.ProcessSamples;

    /// <summary>Writes the frame indexes of a node's stack, root first, into <paramref name="buffer"/> and returns how many.</summary>
    public int GetStack(int node, List<int> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Clear();
        for (var n = node; n > 0; n = NodeParent[n])
        {
            buffer.Add(NodeFrame[n]);
        }

        buffer.Reverse();
        return buffer.Count;
    }
}
