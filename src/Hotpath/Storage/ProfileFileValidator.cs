using Hotpath.Model;
using Hotpath.Requests;

namespace Hotpath.Storage;

// Checks every invariant the model relies on, so a damaged file fails here with a message rather than later in a view.
// Reads version 1 (a count per scope per node) and version 2 (labelled rows and request records).
internal static class ProfileFileValidator
{
    public static ProfileSnapshot ToSnapshot(ProfileFileDocument document, string where)
    {
        if (document.Version is not (1 or 2))
        {
            throw new ProfileFormatException(
                $"{where} has format version {document.Version}; this build of Hotpath reads version 1 to {ProfileFile.CurrentVersion}. Use a matching Hotpath version.");
        }

        var frames = document.Frames ?? throw Missing(where, "frames");
        var parent = document.NodeParent ?? throw Missing(where, "nodeParent");
        var frame = document.NodeFrame ?? throw Missing(where, "nodeFrame");
        var totals = document.Totals ?? throw Missing(where, "totals");
        var frameInfos = Frames(frames, where);
        var (labels, rows, requests) = document.Version == 1
            ? Version1(document, where, parent.Length)
            : Version2(document, where, parent.Length);

        CheckTree(parent, frame, frameInfos.Length, where);
        long processSum = 0, requestSum = 0, processWait = 0, requestWait = 0;
        foreach (var row in rows)
        {
            processSum += row.Cpu;
            processWait += row.Wait;
            if (labels[row.LabelSet].InRequest)
            {
                requestSum += row.Cpu;
                requestWait += row.Wait;
            }
        }

        var snapshotTotals = new ProfileTotals
        {
            ProcessSamples = processSum,
            RequestSamples = requestSum,
            ProcessWaitSamples = processWait,
            RequestWaitSamples = requestWait,
            IdleSamples = totals.IdleSamples,
            MergedSamples = totals.MergedSamples,
            DiscardedSamples = totals.DiscardedSamples,
            OwnSamples = totals.OwnSamples,
            Requests = totals.Requests,
            WallSpanMs = totals.WallSpanMs,
            EffectiveIntervalMs = totals.EffectiveIntervalMs,
            ConfiguredIntervalMs = totals.ConfiguredIntervalMs,
            UnlabelledSamples = totals.UnlabelledSamples,
            DroppedRequestProfiles = totals.DroppedRequestProfiles,
        };
        return new ProfileSnapshot(frameInfos, parent, frame, labels, rows, snapshotTotals, document.StartedAt, document.CapturedAt, requests);
    }

    private static FrameInfo[] Frames(List<ProfileFileFrame> frames, string where)
    {
        var frameInfos = new FrameInfo[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            var f = frames[i] ?? throw new ProfileFormatException($"{where} is damaged: frame {i} is null.");
            if (f.Name is null)
            {
                throw new ProfileFormatException($"{where} is damaged: frame {i} has no name.");
            }

            frameInfos[i] = new FrameInfo(f.Name, f.Module ?? string.Empty, f.File, f.Line);
        }

        return frameInfos;
    }

    private static void CheckTree(int[] parent, int[] frame, int frameCount, string where)
    {
        if (parent[0] != -1 || frame[0] != -1)
        {
            throw new ProfileFormatException($"{where} is damaged: node 0 must be the root (parent -1, frame -1).");
        }

        for (var i = 1; i < parent.Length; i++)
        {
            if (parent[i] < 0 || parent[i] >= i)
            {
                throw new ProfileFormatException($"{where} is damaged: node {i} has parent {parent[i]}; a parent must come before its child.");
            }

            if (frame[i] < 0 || frame[i] >= frameCount)
            {
                throw new ProfileFormatException($"{where} is damaged: node {i} refers to frame {frame[i]}, but there are {frameCount} frames.");
            }
        }

    }

    // Version 1: processCounts (every sample) and requestCounts (the requests' share) per node.
    private static (ProfileLabelSet[] Labels, ProfileRow[] Rows, RequestRecord[] Requests) Version1(ProfileFileDocument document, string where, int n)
    {
        var process = document.ProcessCounts ?? throw Missing(where, "processCounts");
        var requests = document.RequestCounts ?? throw Missing(where, "requestCounts");
        var frame = document.NodeFrame!;
        if (n == 0 || frame.Length != n || process.Length != n || requests.Length != n)
        {
            throw new ProfileFormatException(
                $"{where} is damaged: nodeParent, nodeFrame, processCounts and requestCounts must have the same non-zero length " +
                $"(found {n}, {frame.Length}, {process.Length}, {requests.Length}).");
        }

        var rows = new List<ProfileRow>();
        for (var i = 1; i < n; i++)
        {
            if (process[i] < 0 || requests[i] < 0)
            {
                throw new ProfileFormatException($"{where} is damaged: node {i} has a negative sample count.");
            }

            if (requests[i] > process[i])
            {
                throw new ProfileFormatException($"{where} is damaged: node {i} has more request samples ({requests[i]}) than process samples ({process[i]}).");
            }

            if (process[i] > requests[i])
            {
                rows.Add(new ProfileRow(i, 0, process[i] - requests[i], 0));
            }

            if (requests[i] > 0)
            {
                rows.Add(new ProfileRow(i, 1, requests[i], 0));
            }
        }

        return ([ProfileLabelSet.ProcessOnly, ProfileLabelSet.AnyRequest], rows.ToArray(), []);
    }

    private static (ProfileLabelSet[] Labels, ProfileRow[] Rows, RequestRecord[] Requests) Version2(ProfileFileDocument document, string where, int n)
    {
        var labelSets = document.LabelSets ?? throw Missing(where, "labelSets");
        var node = document.RowNode ?? throw Missing(where, "rowNode");
        var label = document.RowLabelSet ?? throw Missing(where, "rowLabelSet");
        var cpu = document.RowCpu ?? throw Missing(where, "rowCpu");
        var wait = document.RowWait ?? throw Missing(where, "rowWait");
        if (n == 0 || document.NodeFrame!.Length != n)
        {
            throw new ProfileFormatException(
                $"{where} is damaged: nodeParent and nodeFrame must have the same non-zero length (found {n}, {document.NodeFrame!.Length}).");
        }

        if (label.Length != node.Length || cpu.Length != node.Length || wait.Length != node.Length)
        {
            throw new ProfileFormatException(
                $"{where} is damaged: rowNode, rowLabelSet, rowCpu and rowWait must have the same length (found {node.Length}, {label.Length}, {cpu.Length}, {wait.Length}).");
        }

        var labels = new ProfileLabelSet[labelSets.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labelSets[i] ?? throw new ProfileFormatException($"{where} is damaged: label set {i} is null.");
            if (l.Request < 0 || (!l.InRequest && (l.Request != 0 || l.Endpoint is not null)))
            {
                throw new ProfileFormatException($"{where} is damaged: label set {i} has a request or endpoint but is not in a request, or a negative request id.");
            }

            labels[i] = new ProfileLabelSet(l.InRequest, l.Request, l.Endpoint);
        }

        var rows = new ProfileRow[node.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            if (node[i] < 1 || node[i] >= n)
            {
                throw new ProfileFormatException($"{where} is damaged: row {i} refers to node {node[i]}, but there are {n} nodes (and node 0, the root, has no samples).");
            }

            if (label[i] < 0 || label[i] >= labels.Length)
            {
                throw new ProfileFormatException($"{where} is damaged: row {i} refers to label set {label[i]}, but there are {labels.Length}.");
            }

            if (cpu[i] < 0 || wait[i] < 0)
            {
                throw new ProfileFormatException($"{where} is damaged: row {i} has a negative sample count.");
            }

            rows[i] = new ProfileRow(node[i], label[i], cpu[i], wait[i]);
        }

        return (labels, rows, Requests(document.Requests, where));
    }

    private static RequestRecord[] Requests(List<ProfileFileRequest>? requests, string where)
    {
        if (requests is null)
        {
            return [];
        }

        var result = new RequestRecord[requests.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var r = requests[i] ?? throw new ProfileFormatException($"{where} is damaged: request {i} is null.");
            if (r.Id <= 0 || r.Method is null || r.Path is null || r.DurationMs < 0 || r.CpuSamples < 0 || r.WaitSamples < 0)
            {
                throw new ProfileFormatException($"{where} is damaged: request {i} needs a positive id, a method and a path, and no negative duration or sample count.");
            }

            var record = new RequestRecord(r.Id, r.StartedAt, 0, r.Method, r.Path)
            {
                Query = r.Query ?? string.Empty,
                Endpoint = r.Endpoint,
                Status = r.Status,
                DurationMs = r.DurationMs,
                TraceId = r.TraceId,
                Failed = r.Failed,
                KeepReason = r.KeepReason,
                Completed = true,
                HasProfile = true,
            };
            record.SetSamples(r.CpuSamples, r.WaitSamples);
            result[i] = record;
        }

        return result;
    }

    private static ProfileFormatException Missing(string where, string field) =>
        new($"{where} is damaged: the '{field}' field is missing.");
}
