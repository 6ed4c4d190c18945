using Hotpath.Model;

namespace Hotpath.Tests.TestSupport;

/// <summary>Builds and reads snapshots as per-scope count arrays (the shape of format version 1), for readable tests.</summary>
internal static class Snapshots
{
    /// <summary>Like the other overload, for node arrays read from another snapshot.</summary>
    public static ProfileSnapshot FromCounts(
        IReadOnlyList<FrameInfo> frames,
        ReadOnlyMemory<int> nodeParent,
        ReadOnlyMemory<int> nodeFrame,
        long[] processCounts,
        long[] requestCounts,
        ProfileTotals totals,
        DateTimeOffset startedAt,
        DateTimeOffset capturedAt) =>
        FromCounts(frames, nodeParent.ToArray(), nodeFrame.ToArray(), processCounts, requestCounts, totals, startedAt, capturedAt);

    /// <summary>A snapshot whose process-only rows are process - request counts and whose request rows are unlabelled.</summary>
    public static ProfileSnapshot FromCounts(
        IReadOnlyList<FrameInfo> frames,
        int[] nodeParent,
        int[] nodeFrame,
        long[] processCounts,
        long[] requestCounts,
        ProfileTotals totals,
        DateTimeOffset startedAt,
        DateTimeOffset capturedAt)
    {
        var rows = new List<ProfileRow>();
        for (var i = 1; i < processCounts.Length; i++)
        {
            if (processCounts[i] > requestCounts[i])
            {
                rows.Add(new ProfileRow(i, 0, processCounts[i] - requestCounts[i], 0));
            }

            if (requestCounts[i] > 0)
            {
                rows.Add(new ProfileRow(i, 1, requestCounts[i], 0));
            }
        }

        return new ProfileSnapshot(frames, nodeParent, nodeFrame, [ProfileLabelSet.ProcessOnly, ProfileLabelSet.AnyRequest], rows.ToArray(), totals, startedAt, capturedAt);
    }

    extension(ProfileSnapshot snapshot)
    {
        /// <summary>Exclusive CPU samples per node in the process scope.</summary>
        public long[] ProcessCounts => ProfileView.Create(snapshot, ProfileFilter.Process).Weights.ToArray();

        /// <summary>Exclusive CPU samples per node in the requests scope.</summary>
        public long[] RequestCounts => ProfileView.Create(snapshot, ProfileFilter.Requests).Weights.ToArray();
    }
}
