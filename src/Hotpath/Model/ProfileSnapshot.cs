using System.Collections.ObjectModel;
using Hotpath.Requests;

namespace Hotpath.Model;

/// <summary>
/// An immutable reading of an accumulated profile, modelled on pprof's: a call tree of interned frames, and rows
/// (stack node, label set, one value per measure). Views read it through <see cref="ProfileView.Create"/>; the saved
/// format stores exactly it.
/// </summary>
/// <remarks>
/// Node 0 is the root and has no frame (<see cref="NodeFrame"/> is -1). Every other node's parent has a smaller index, so
/// a single forward pass visits parents before children. Values are exclusive: a row counts the samples whose stack
/// ended exactly at its node. Nothing here can be changed from outside: lists are read-only and arrays are exposed as
/// <see cref="ReadOnlyMemory{T}"/>.
/// </remarks>
public sealed class ProfileSnapshot
{
    /// <summary>Creates a snapshot. The memory passed in must not change afterwards (it is not copied).</summary>
    public ProfileSnapshot(
        IReadOnlyList<FrameInfo> frames,
        ReadOnlyMemory<int> nodeParent,
        ReadOnlyMemory<int> nodeFrame,
        IReadOnlyList<ProfileLabelSet> labelSets,
        ReadOnlyMemory<ProfileRow> rows,
        ProfileTotals totals,
        DateTimeOffset startedAt,
        DateTimeOffset capturedAt,
        IReadOnlyList<RequestRecord>? requests = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(labelSets);
        ArgumentNullException.ThrowIfNull(totals);
        if (nodeParent.Length == 0 || nodeFrame.Length != nodeParent.Length)
        {
            throw new ArgumentException("nodeParent and nodeFrame must have the same non-zero length (node 0 is the root).", nameof(nodeFrame));
        }

        Frames = frames is ReadOnlyCollection<FrameInfo> ? frames : Array.AsReadOnly(frames.ToArray());
        NodeParent = nodeParent;
        NodeFrame = nodeFrame;
        LabelSets = labelSets is ReadOnlyCollection<ProfileLabelSet> ? labelSets : Array.AsReadOnly(labelSets.ToArray());
        Rows = rows;
        Totals = totals;
        StartedAt = startedAt;
        CapturedAt = capturedAt;
        Requests = requests ?? Array.Empty<RequestRecord>();
    }

    /// <summary>Interned frames; nodes refer to them by index.</summary>
    public IReadOnlyList<FrameInfo> Frames { get; }

    /// <summary>Each node's parent index (-1 for the root).</summary>
    public ReadOnlyMemory<int> NodeParent { get; }

    /// <summary>Each node's frame index (-1 for the root).</summary>
    public ReadOnlyMemory<int> NodeFrame { get; }

    /// <summary>The label sets rows refer to. Index 0 is always <see cref="ProfileLabelSet.ProcessOnly"/>.</summary>
    public IReadOnlyList<ProfileLabelSet> LabelSets { get; }

    /// <summary>The samples: one row per (node, label set) that has any; rows with zero values may appear and mean nothing.</summary>
    public ReadOnlyMemory<ProfileRow> Rows { get; }

    /// <summary>The records of the requests that keep their own profile in this snapshot (their label sets carry their ids).</summary>
    public IReadOnlyList<RequestRecord> Requests { get; }

    /// <summary>How the profile was gathered.</summary>
    public ProfileTotals Totals { get; }

    /// <summary>When accumulation started (or was last cleared).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When this reading was taken.</summary>
    public DateTimeOffset CapturedAt { get; }

    /// <summary>The number of call-tree nodes, root included.</summary>
    public int NodeCount => NodeParent.Length;

    /// <summary>The total CPU samples of one scope.</summary>
    public long SampleCount(ProfileScope scope) => scope == ProfileScope.Requests ? Totals.RequestSamples : Totals.ProcessSamples;

    /// <summary>Whether any row carries this request's own profile.</summary>
    public bool HasRequest(long requestId)
    {
        foreach (var labels in LabelSets)
        {
            if (labels.RequestId == requestId && requestId != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the frame indexes of a node's stack, root first, into <paramref name="buffer"/> and returns how many.</summary>
    public int GetStack(int node, List<int> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Clear();
        var parent = NodeParent.Span;
        var frame = NodeFrame.Span;
        for (var n = node; n > 0; n = parent[n])
        {
            buffer.Add(frame[n]);
        }

        buffer.Reverse();
        return buffer.Count;
    }
}
