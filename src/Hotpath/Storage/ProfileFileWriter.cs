using Hotpath.Model;

namespace Hotpath.Storage;

// Turns a snapshot into the on-disk document of a format version (2 by default; 1 for tools that still read it).
internal static class ProfileFileWriter
{
    public static ProfileFileDocument ToDocument(ProfileSnapshot snapshot, int version = ProfileFile.CurrentVersion)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var totals = snapshot.Totals;
        var document = new ProfileFileDocument
        {
            Format = ProfileFile.FormatName,
            Version = version,
            StartedAt = snapshot.StartedAt,
            CapturedAt = snapshot.CapturedAt,
            Totals = new ProfileFileTotals
            {
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
            },
            Frames = snapshot.Frames.Select(f => new ProfileFileFrame { Name = f.Name, Module = f.Module, File = f.File, Line = f.Line }).ToList(),
            NodeParent = snapshot.NodeParent.ToArray(),
            NodeFrame = snapshot.NodeFrame.ToArray(),
        };

        if (version == 1)
        {
            document.ProcessCounts = ProfileView.Create(snapshot, ProfileFilter.Process).Weights.ToArray();
            document.RequestCounts = ProfileView.Create(snapshot, ProfileFilter.Requests).Weights.ToArray();
            return document;
        }

        // Only rows with values: folded rows leave empty slots behind.
        var rows = snapshot.Rows.Span;
        var kept = 0;
        foreach (var row in rows)
        {
            kept += row.Cpu != 0 || row.Wait != 0 ? 1 : 0;
        }

        document.RowNode = new int[kept];
        document.RowLabelSet = new int[kept];
        document.RowCpu = new long[kept];
        document.RowWait = new long[kept];
        var i = 0;
        foreach (var row in rows)
        {
            if (row.Cpu != 0 || row.Wait != 0)
            {
                document.RowNode[i] = row.Node;
                document.RowLabelSet[i] = row.LabelSet;
                document.RowCpu[i] = row.Cpu;
                document.RowWait[i] = row.Wait;
                i++;
            }
        }

        document.LabelSets = snapshot.LabelSets.Select(l => new ProfileFileLabelSet { InRequest = l.InRequest, Request = l.RequestId, Endpoint = l.Endpoint }).ToList();
        document.Requests = snapshot.Requests.Select(r => new ProfileFileRequest
        {
            Id = r.Id,
            StartedAt = r.StartedAt,
            Method = r.Method,
            Path = r.Path,
            Query = r.Query, // already redacted when the record was made
            Endpoint = r.Endpoint,
            Status = r.Status,
            DurationMs = r.DurationMs,
            TraceId = r.TraceId,
            CpuSamples = r.CpuSamples,
            WaitSamples = r.WaitSamples,
            Failed = r.Failed,
            KeepReason = r.KeepReason,
        }).ToList();
        return document;
    }
}
