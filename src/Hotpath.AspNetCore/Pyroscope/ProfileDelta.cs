using Hotpath.Model;

namespace Hotpath.AspNetCore.Pyroscope;

/// <summary>
/// The samples taken between two snapshots of one accumulating profile. Nodes only ever get appended and counts only
/// grow until the profile is cleared (which moves <see cref="ProfileSnapshot.StartedAt"/>), so the delta is a per-node
/// subtraction; after a clear, everything in the new snapshot is new.
/// </summary>
internal static class ProfileDelta
{
    public static ProfileSnapshot Between(ProfileSnapshot? previous, ProfileSnapshot current)
    {
        var same = previous is not null && previous.StartedAt == current.StartedAt && previous.NodeCount <= current.NodeCount;
        var process = Subtract(current.ProcessCounts, same ? previous!.ProcessCounts : null);
        var requests = Subtract(current.RequestCounts, same ? previous!.RequestCounts : null);
        var processWaits = Subtract(current.ProcessWaits, same ? previous!.ProcessWaits : null);
        var requestWaits = Subtract(current.RequestWaits, same ? previous!.RequestWaits : null);
        var from = same ? previous!.CapturedAt : current.StartedAt;
        var totals = current.Totals with
        {
            ProcessSamples = process.Sum(),
            RequestSamples = requests.Sum(),
            ProcessWaitSamples = processWaits.Sum(),
            RequestWaitSamples = requestWaits.Sum(),
        };
        return new ProfileSnapshot(current.Frames, current.NodeParent, current.NodeFrame, process, requests, totals, from, current.CapturedAt, processWaits, requestWaits);
    }

    private static long[] Subtract(long[] current, long[]? previous)
    {
        var result = new long[current.Length];
        for (var i = 0; i < current.Length; i++)
        {
            result[i] = Math.Max(0, current[i] - (previous is not null && i < previous.Length ? previous[i] : 0));
        }

        return result;
    }
}
