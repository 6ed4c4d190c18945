using Hotpath.Model;

namespace Hotpath.Storage;

// Checks every invariant the model relies on, so a damaged file fails here with a message rather than later in a view.
internal static class ProfileFileValidator
{
    public static ProfileSnapshot ToSnapshot(ProfileFileDocument document, string where)
    {
        var frames = document.Frames ?? throw Missing(where, "frames");
        var parent = document.NodeParent ?? throw Missing(where, "nodeParent");
        var frame = document.NodeFrame ?? throw Missing(where, "nodeFrame");
        var process = document.ProcessCounts ?? throw Missing(where, "processCounts");
        var requests = document.RequestCounts ?? throw Missing(where, "requestCounts");
        var totals = document.Totals ?? throw Missing(where, "totals");

        var n = parent.Length;
        if (n == 0 || frame.Length != n || process.Length != n || requests.Length != n)
        {
            throw new ProfileFormatException(
                $"{where} is damaged: nodeParent, nodeFrame, processCounts and requestCounts must have the same non-zero length " +
                $"(found {parent.Length}, {frame.Length}, {process.Length}, {requests.Length}).");
        }

        if (parent[0] != -1 || frame[0] != -1)
        {
            throw new ProfileFormatException($"{where} is damaged: node 0 must be the root (parent -1, frame -1).");
        }

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

        long processSum = 0, requestSum = 0;
        for (var i = 1; i < n; i++)
        {
            if (parent[i] < 0 || parent[i] >= i)
            {
                throw new ProfileFormatException($"{where} is damaged: node {i} has parent {parent[i]}; a parent must come before its child.");
            }

            if (frame[i] < 0 || frame[i] >= frameInfos.Length)
            {
                throw new ProfileFormatException($"{where} is damaged: node {i} refers to frame {frame[i]}, but there are {frameInfos.Length} frames.");
            }

            if (process[i] < 0 || requests[i] < 0)
            {
                throw new ProfileFormatException($"{where} is damaged: node {i} has a negative sample count.");
            }

            processSum += process[i];
            requestSum += requests[i];
        }

        var snapshotTotals = new ProfileTotals
        {
            ProcessSamples = processSum,
            RequestSamples = requestSum,
            IdleSamples = totals.IdleSamples,
            MergedSamples = totals.MergedSamples,
            DiscardedSamples = totals.DiscardedSamples,
            OwnSamples = totals.OwnSamples,
            Requests = totals.Requests,
            WallSpanMs = totals.WallSpanMs,
            EffectiveIntervalMs = totals.EffectiveIntervalMs,
            ConfiguredIntervalMs = totals.ConfiguredIntervalMs,
        };
        return new ProfileSnapshot(frameInfos, parent, frame, process, requests, snapshotTotals, document.StartedAt, document.CapturedAt);
    }

    private static ProfileFormatException Missing(string where, string field) =>
        new($"{where} is damaged: the '{field}' field is missing.");
}
