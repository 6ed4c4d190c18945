using Hotpath.Analysis;
using Hotpath.Model;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Analysis;

public class FunctionTableTests
{
    private static readonly FrameInfo[] Frames =
    [
        new(FrameInfo.OtherName, string.Empty),
        new("A", "App"),
        new("B", "App"),
        new("C", "App"),
        new("Unused", "App"),
    ];

    // Tree:            process  requests
    //   1 A               1        0
    //   2 A;B             2        2
    //   3 A;B;C           3        1
    //   4 A;C             4        0
    private static ProfileSnapshot HandBuilt() => Snapshots.FromCounts(
        Frames,
        nodeParent: [-1, 0, 1, 2, 1],
        nodeFrame: [-1, 1, 2, 3, 3],
        processCounts: [0, 1, 2, 3, 4],
        requestCounts: [0, 0, 2, 1, 0],
        new ProfileTotals { ProcessSamples = 10, RequestSamples = 3 },
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch);

    private static Dictionary<string, (long Self, long Total)> ByName(IReadOnlyList<FunctionStats> rows) =>
        rows.ToDictionary(r => r.Frame.Name, r => (r.Self, r.Total));

    [Fact]
    public void Compute_HandBuiltTree_GivesSelfAndTotalPerFunction()
    {
        // Arrange
        var snapshot = HandBuilt();

        // Act
        var rows = ByName(FunctionTable.Compute(snapshot, ProfileScope.Process));

        // Assert
        Assert.Equal((1L, 10L), rows["A"]);
        Assert.Equal((2L, 5L), rows["B"]);
        Assert.Equal((7L, 7L), rows["C"]);
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void Compute_FunctionWithoutSamples_HasNoRow()
    {
        // Arrange
        var snapshot = HandBuilt();

        // Act
        var rows = FunctionTable.Compute(snapshot, ProfileScope.Process);

        // Assert
        Assert.DoesNotContain(rows, r => r.Frame.Name == "Unused" || r.Frame.Name == FrameInfo.OtherName);
        Assert.All(rows, r => Assert.Same(snapshot.Frames[r.FrameIndex], r.Frame));
    }

    [Fact]
    public void Compute_RequestsScope_CountsOnlyRequestSamples()
    {
        // Arrange
        var snapshot = HandBuilt();

        // Act
        var rows = ByName(FunctionTable.Compute(snapshot, ProfileScope.Requests));

        // Assert
        Assert.Equal((0L, 3L), rows["A"]);
        Assert.Equal((2L, 3L), rows["B"]);
        Assert.Equal((1L, 1L), rows["C"]);
    }

    [Fact]
    public void Compute_RecursiveStack_CountsTotalOncePerSample()
    {
        // Arrange: A;B;A;B (5 samples) and A;A;A (2 samples).
        var snapshot = Snapshots.FromCounts(
            Frames,
            nodeParent: [-1, 0, 1, 2, 3, 1, 5],
            nodeFrame: [-1, 1, 2, 1, 2, 1, 1],
            processCounts: [0, 0, 0, 0, 5, 0, 2],
            requestCounts: [0, 0, 0, 0, 0, 0, 0],
            new ProfileTotals { ProcessSamples = 7 },
            DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch);

        // Act
        var rows = ByName(FunctionTable.Compute(snapshot, ProfileScope.Process));

        // Assert
        Assert.Equal((2L, 7L), rows["A"]);
        Assert.Equal((5L, 5L), rows["B"]);
        Assert.All(rows.Values, r => Assert.True(r.Total <= snapshot.Totals.ProcessSamples));
    }

    [Fact]
    public void Compute_EmptyScope_ReturnsNoRows()
    {
        // Arrange
        var snapshot = HandBuilt();
        var empty = Snapshots.FromCounts(
            snapshot.Frames, snapshot.NodeParent, snapshot.NodeFrame, snapshot.ProcessCounts, new long[snapshot.NodeCount],
            snapshot.Totals with { RequestSamples = 0 }, snapshot.StartedAt, snapshot.CapturedAt);

        // Act
        var rows = FunctionTable.Compute(empty, ProfileScope.Requests);

        // Assert
        Assert.Empty(rows);
    }
}
