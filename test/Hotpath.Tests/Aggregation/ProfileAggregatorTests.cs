using Hotpath.Aggregation;
using Hotpath.Model;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Aggregation;

public class ProfileAggregatorTests
{
    private static readonly FrameInfo A = new("A", "App");
    private static readonly FrameInfo B = new("B", "App");
    private static readonly FrameInfo C = new("C", "App");

    private static int Reserve(int maxNodes) => Math.Max(64, maxNodes / 16);

    [Fact]
    public void InternFrame_SameFrameTwice_ReturnsSameId()
    {
        // Arrange
        var aggregator = new ProfileAggregator();

        // Act
        var first = aggregator.InternFrame(new FrameInfo("Work", "App", "Work.cs", 12));
        var second = aggregator.InternFrame(new FrameInfo("Work", "App", "Work.cs", 12));
        var other = aggregator.InternFrame(new FrameInfo("Work", "Lib"));

        // Assert
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.NotEqual(ProfileAggregator.OtherFrame, first);
        Assert.Equal(3, aggregator.FrameCount); // [other], App!Work, Lib!Work
    }

    [Fact]
    public void Intern_SameStackTwice_ReturnsSameNodeAndSharesPrefixes()
    {
        // Arrange
        var aggregator = new ProfileAggregator();
        int[] abc = [aggregator.InternFrame(A), aggregator.InternFrame(B), aggregator.InternFrame(C)];
        int[] ab = [abc[0], abc[1]];
        var before = aggregator.NodeCount;

        // Act
        var first = aggregator.Intern(abc);
        var second = aggregator.Intern(abc);
        var prefix = aggregator.Intern(ab);

        // Assert
        Assert.Equal(first, second);
        Assert.True(first > 0);
        Assert.True(prefix > 0 && prefix < first);
        Assert.Equal(before + 3, aggregator.NodeCount);
    }

    [Fact]
    public void Add_SamplesInBothScopes_CountsExclusivelyPerScope()
    {
        // Arrange
        var builder = new ProfileBuilder();

        // Act
        builder.Add("A;B", 2)
            .Add("A;B", 1, inRequest: true)
            .Add("A", 1, inRequest: true)
            .Add("A;C", 4);
        var snapshot = builder.Build();

        // Assert
        var a = ProfileBuilder.FindNode(snapshot, "App!A");
        var ab = ProfileBuilder.FindNode(snapshot, "App!A", "App!B");
        var ac = ProfileBuilder.FindNode(snapshot, "App!A", "App!C");
        Assert.Equal((1L, 1L), (snapshot.ProcessCounts[a], snapshot.RequestCounts[a]));
        Assert.Equal((3L, 1L), (snapshot.ProcessCounts[ab], snapshot.RequestCounts[ab]));
        Assert.Equal((4L, 0L), (snapshot.ProcessCounts[ac], snapshot.RequestCounts[ac]));
        Assert.Equal(8, snapshot.Totals.ProcessSamples);
        Assert.Equal(2, snapshot.Totals.RequestSamples);
        Assert.Equal(0, snapshot.Totals.MergedSamples);
    }

    [Fact]
    public void InternFrame_MaxFramesReached_ReturnsOtherFrameAndKeepsExistingIds()
    {
        // Arrange: [other] plus two real frames fill the table.
        var aggregator = new ProfileAggregator(new ProfileLimits(MaxFrames: 3));
        var a = aggregator.InternFrame(A);
        var b = aggregator.InternFrame(B);

        // Act
        var c = aggregator.InternFrame(C);
        var aAgain = aggregator.InternFrame(A);

        // Assert
        Assert.Equal(ProfileAggregator.OtherFrame, c);
        Assert.Equal(a, aAgain);
        Assert.NotEqual(a, b);
        Assert.Equal(3, aggregator.FrameCount);
    }

    [Fact]
    public void Add_StackWithFrameBeyondMaxFrames_CountsSampleAsMergedUnderOther()
    {
        // Arrange
        var builder = new ProfileBuilder(new ProfileLimits(MaxFrames: 3));
        builder.Add("A;B", 5);

        // Act
        builder.Add("A;C", 2);
        var snapshot = builder.Build();

        // Assert
        Assert.Equal(2, snapshot.Totals.MergedSamples);
        Assert.Equal(7, snapshot.Totals.ProcessSamples);
        var merged = ProfileBuilder.FindNode(snapshot, "App!A", FrameInfo.OtherName);
        Assert.True(merged > 0);
        Assert.Equal(2, snapshot.ProcessCounts[merged]);
        Assert.DoesNotContain(snapshot.Frames, f => f.Name == "C");
    }

    [Fact]
    public void Add_MaxNodesReached_ChargesOtherChildOfDeepestExistingPrefix()
    {
        // Arrange: root, the root's [other], A, A;B, A;B;C = 5 nodes.
        var builder = new ProfileBuilder(new ProfileLimits(MaxNodes: 5));
        builder.Add("A;B;C");
        Assert.Equal(5, builder.Aggregator.NodeCount);

        // Act
        builder.Add("A;B;D;E", 3).Add("A;B;F", 2).Add("A;B;C", 4);
        var snapshot = builder.Build();

        // Assert
        var other = ProfileBuilder.FindNode(snapshot, "App!A", "App!B", FrameInfo.OtherName);
        Assert.True(other > 0);
        Assert.Equal(5, snapshot.ProcessCounts[other]);
        Assert.Equal(5, snapshot.ProcessCounts[ProfileBuilder.FindNode(snapshot, "App!A", "App!B", "App!C")]);
        Assert.Equal(5, snapshot.Totals.MergedSamples);
        Assert.Equal(10, snapshot.Totals.ProcessSamples);
        Assert.Equal(-1, ProfileBuilder.FindNode(snapshot, "App!A", "App!B", "App!F"));
    }

    [Fact]
    public void Add_ManyDistinctRandomStacksPastMaxNodes_StaysBoundedAndConservesSamples()
    {
        // Arrange
        const int maxNodes = 1_000;
        const int samples = 100_000;
        var random = new Random(12345);
        var aggregator = new ProfileAggregator(new ProfileLimits(MaxNodes: maxNodes));
        var frames = Enumerable.Range(0, 200).Select(i => aggregator.InternFrame(new FrameInfo("F" + i, "App"))).ToArray();
        var requestSamples = 0L;

        // Act
        for (var i = 0; i < samples; i++)
        {
            var stack = new int[random.Next(1, 30)];
            for (var d = 0; d < stack.Length; d++)
            {
                stack[d] = frames[random.Next(frames.Length)];
            }

            var inRequest = (i & 1) == 0;
            requestSamples += inRequest ? 1 : 0;
            aggregator.Add(stack, inRequest);
            Assert.True(aggregator.NodeCount <= maxNodes + Reserve(maxNodes), $"{aggregator.NodeCount} nodes after {i + 1} samples");
        }

        var snapshot = aggregator.Snapshot(new ProfileTotals(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        // Assert
        Assert.Equal(samples, snapshot.Totals.ProcessSamples);
        Assert.Equal(samples, snapshot.ProcessCounts.Sum());
        Assert.Equal(requestSamples, snapshot.Totals.RequestSamples);
        Assert.Equal(requestSamples, snapshot.RequestCounts.Sum());
        var inOther = Enumerable.Range(0, snapshot.NodeCount)
            .Where(n => snapshot.NodeFrame.Span[n] == ProfileAggregator.OtherFrame)
            .Sum(n => snapshot.ProcessCounts[n]);
        Assert.True(snapshot.Totals.MergedSamples > samples / 2);
        Assert.Equal(snapshot.Totals.MergedSamples, inOther);
    }

    [Fact]
    public void InternFrame_MaxBytesReached_StopsAddingFrames()
    {
        // Arrange
        const long maxBytes = 20_000;
        var aggregator = new ProfileAggregator(new ProfileLimits(MaxBytes: maxBytes));
        var longName = new string('x', 200);

        // Act
        var ids = Enumerable.Range(0, 1_000).Select(i => aggregator.InternFrame(new FrameInfo(longName + i, "App"))).ToList();

        // Assert
        Assert.Contains(ProfileAggregator.OtherFrame, ids);
        Assert.True(aggregator.FrameCount < 100, $"{aggregator.FrameCount} frames kept");
        Assert.True(aggregator.EstimatedBytes < maxBytes + 1_000, $"{aggregator.EstimatedBytes} bytes estimated");
        Assert.All(ids.SkipWhile(id => id != ProfileAggregator.OtherFrame), id => Assert.Equal(ProfileAggregator.OtherFrame, id));
    }

    private static ProfileAggregator FillPastByteCap(long maxBytes, int maxNodes)
    {
        var aggregator = new ProfileAggregator(new ProfileLimits(MaxNodes: maxNodes, MaxBytes: maxBytes));
        var frames = Enumerable.Range(0, 50).Select(i => aggregator.InternFrame(new FrameInfo("F" + i, "App"))).ToArray();
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            aggregator.Add([frames[random.Next(50)], frames[random.Next(50)], frames[random.Next(50)]], inRequest: false);
        }

        return aggregator;
    }

    [Fact]
    public void Add_MaxBytesReached_MergesNewStacksAndConservesSamples()
    {
        // Arrange: a byte cap that is reached long before the node cap.
        const long maxBytes = 20_000;
        const int maxNodes = 1_000;

        // Act
        var aggregator = FillPastByteCap(maxBytes, maxNodes);
        var snapshot = aggregator.Snapshot(new ProfileTotals(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        // Assert
        Assert.True(snapshot.Totals.MergedSamples > 0);
        Assert.Equal(10_000, snapshot.Totals.ProcessSamples);
        Assert.Equal(10_000, snapshot.ProcessCounts.Sum());
        var inOther = Enumerable.Range(0, snapshot.NodeCount)
            .Where(n => snapshot.NodeFrame.Span[n] == ProfileAggregator.OtherFrame)
            .Sum(n => snapshot.ProcessCounts[n]);
        Assert.Equal(snapshot.Totals.MergedSamples, inOther);
        Assert.True(aggregator.NodeCount < maxNodes / 2, $"{aggregator.NodeCount} nodes");
    }

    [Fact]
    public void Add_MaxBytesReached_EstimatedBytesStayWithinCapPlusReserve()
    {
        // Arrange
        const long maxBytes = 20_000;
        const int maxNodes = 1_000;
        const int nodeBytes = 64; // parent, frame, CPU and wait counts per scope, dictionary entry

        // Act
        var aggregator = FillPastByteCap(maxBytes, maxNodes);

        // Assert: the documented allowance past a cap is "a small reserve for [other] children".
        Assert.True(
            aggregator.EstimatedBytes <= maxBytes + ((Reserve(maxNodes) + 1) * nodeBytes),
            $"{aggregator.EstimatedBytes} bytes, {aggregator.NodeCount} nodes for a {maxBytes}-byte cap");
    }

    [Fact]
    public void Add_NodeReserveExhausted_KeepsOneNodePerDistinctStack()
    {
        // Arrange: fill the node cap with 98 children of the root (root and root [other] make 100).
        const int maxNodes = 100;
        var builder = new ProfileBuilder(new ProfileLimits(MaxNodes: maxNodes));
        for (var i = 1; i <= 98; i++)
        {
            builder.Add("F" + i);
        }

        // Act: a new root-level stack, then enough crowded prefixes to use up the [other] reserve, then one more.
        builder.Add("Z");
        for (var i = 1; i <= Reserve(maxNodes); i++)
        {
            builder.Add("F" + i + ";Z");
        }

        var snapshot = builder.Build();

        // Assert: a call tree has one node per (parent, frame); otherwise exports show the same stack twice.
        var duplicates = Enumerable.Range(1, snapshot.NodeCount - 1)
            .GroupBy(n => (snapshot.NodeParent.Span[n], snapshot.NodeFrame.Span[n]))
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(",", g))
            .ToList();
        Assert.Empty(duplicates);
        Assert.Equal(98 + 1 + Reserve(maxNodes), snapshot.Totals.ProcessSamples);
    }

    [Fact]
    public void Clear_AfterSamples_EmptiesEverything()
    {
        // Arrange
        var builder = new ProfileBuilder(new ProfileLimits(MaxFrames: 3));
        builder.Add("A;B", 3, inRequest: true).Add("A;C", 2);
        var fresh = new ProfileAggregator();

        // Act
        builder.Aggregator.Clear();
        var snapshot = builder.Build();

        // Assert
        Assert.Equal(0, snapshot.Totals.ProcessSamples);
        Assert.Equal(0, snapshot.Totals.RequestSamples);
        Assert.Equal(0, snapshot.Totals.MergedSamples);
        Assert.All(snapshot.ProcessCounts, c => Assert.Equal(0, c));
        Assert.All(snapshot.RequestCounts, c => Assert.Equal(0, c));
        Assert.Equal(fresh.NodeCount, snapshot.NodeCount);
        Assert.Equal(fresh.FrameCount, builder.Aggregator.FrameCount);
        Assert.Equal(fresh.EstimatedBytes, builder.Aggregator.EstimatedBytes);
        Assert.Equal(FrameInfo.OtherName, Assert.Single(snapshot.Frames).Name);
    }

    [Fact]
    public void Clear_AfterFrameCapReached_AcceptsNewFramesAgain()
    {
        // Arrange
        var aggregator = new ProfileAggregator(new ProfileLimits(MaxFrames: 3));
        aggregator.InternFrame(A);
        aggregator.InternFrame(B);
        Assert.Equal(ProfileAggregator.OtherFrame, aggregator.InternFrame(C));

        // Act
        aggregator.Clear();
        var c = aggregator.InternFrame(C);

        // Assert
        Assert.NotEqual(ProfileAggregator.OtherFrame, c);
    }

    [Fact]
    public void Snapshot_AfterMoreSamples_IsNotChangedByLaterSamples()
    {
        // Arrange
        var builder = new ProfileBuilder();
        builder.Add("A;B", 2);
        var snapshot = builder.Build();

        // Act
        builder.Add("A;B", 5).Add("A;C", 1);

        // Assert
        Assert.Equal(2, snapshot.ProcessCounts.Sum());
        Assert.Equal(2, snapshot.Totals.ProcessSamples);
        Assert.Equal(-1, ProfileBuilder.FindNode(snapshot, "App!A", "App!C"));
    }

    [Theory]
    [InlineData(1, 100, 100)]
    [InlineData(100, 1, 100)]
    [InlineData(100, 100, 0)]
    public void Constructor_LimitsTooSmall_Throws(int maxFrames, int maxNodes, long maxBytes)
    {
        // Arrange
        var limits = new ProfileLimits(maxFrames, maxNodes, maxBytes);

        // Act
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ProfileAggregator(limits));

        // Assert
        Assert.Contains("at least", ex.Message, StringComparison.Ordinal);
    }
}
