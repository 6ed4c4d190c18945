using Hotpath.Aggregation;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Requests;
using Hotpath.Sampling;

namespace Hotpath.Tests.Aggregation;

/// <summary>Request and endpoint labels: a request's rows while it runs, after it ends kept or folded, late samples, caps.</summary>
public sealed class RequestLabelTests
{
    private readonly ProfileAggregator _aggregator = new();
    private readonly int _a, _b, _c;

    public RequestLabelTests()
    {
        _a = _aggregator.Intern([_aggregator.InternFrame(new FrameInfo("A", "App"))]);
        _b = _aggregator.Intern([_aggregator.InternFrame(new FrameInfo("B", "App"))]);
        _c = _aggregator.Intern([_aggregator.InternFrame(new FrameInfo("C", "App"))]);
    }

    private static RequestRecord Record(long id, string endpoint) => new(id, DateTimeOffset.UnixEpoch, 0, "GET", "/" + id) { Endpoint = endpoint, Completed = true };

    private string Collapsed(ProfileFilter filter) => CollapsedStackExporter.ToText(ProfileView.Create(Snapshot(), filter));

    private ProfileSnapshot Snapshot() => _aggregator.Snapshot(new ProfileTotals(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void EndRequest_Kept_RequestViewHasOnlyItsSamplesAndEndpointViewHasAll()
    {
        // Arrange
        _aggregator.AddRequestSample(_a, 1, 3);
        _aggregator.AddRequestSample(_b, 2, 2);
        _aggregator.AddRequestSample(_c, 3, 4);
        _aggregator.AddSample(_c, ProfileAggregator.ProcessLabel, 5, ProfileMeasure.Cpu);

        // Act
        _aggregator.EndRequest(Record(1, "GET /x"), keep: true);
        _aggregator.EndRequest(Record(2, "GET /x"), keep: false);
        _aggregator.EndRequest(Record(3, "GET /y"), keep: true);

        // Assert
        Assert.Equal("App!A 3\n", Collapsed(new ProfileFilter { RequestId = 1 }));
        Assert.Equal(string.Empty, Collapsed(new ProfileFilter { RequestId = 2 }));
        Assert.Equal("App!A 3\nApp!B 2\n", Collapsed(new ProfileFilter { Endpoint = "GET /x" }));
        Assert.Equal("App!C 4\n", Collapsed(new ProfileFilter { Endpoint = "GET /y" }));
        Assert.Equal("App!A 3\nApp!B 2\nApp!C 4\n", Collapsed(ProfileFilter.Requests));
        Assert.Equal("App!A 3\nApp!B 2\nApp!C 9\n", Collapsed(ProfileFilter.Process));
        var snapshot = Snapshot();
        Assert.True(snapshot.HasRequest(1));
        Assert.False(snapshot.HasRequest(2));
        Assert.Equal([1L, 3L], snapshot.Requests.Select(r => r.Id).Order());
    }

    [Fact]
    public void AddRequestSample_AfterEnd_LandsInTheRequestOrItsEndpointAndIsCounted()
    {
        // Arrange: samples reach the event thread after the request ended (the stream lags by ~150 ms).
        var kept = Record(1, "GET /x");
        var folded = Record(2, "GET /x");
        _aggregator.EndRequest(kept, keep: true);
        _aggregator.EndRequest(folded, keep: false);

        // Act
        _aggregator.AddRequestSample(_a, 1, 2);
        _aggregator.AddRequestSample(_b, 2, 3);
        _aggregator.AddRequestSample(_b, 2, 1, ProfileMeasure.Wait);

        // Assert
        Assert.Equal("App!A 2\n", Collapsed(new ProfileFilter { RequestId = 1 }));
        Assert.Equal("App!A 2\nApp!B 3\n", Collapsed(new ProfileFilter { Endpoint = "GET /x" }));
        Assert.Equal("App!B 1\n", Collapsed(new ProfileFilter { Endpoint = "GET /x", Measure = ProfileMeasure.Wait }));
        Assert.Equal((2L, 0L, true), (kept.CpuSamples, kept.WaitSamples, kept.HasProfile));
        Assert.Equal((3L, 1L, false), (folded.CpuSamples, folded.WaitSamples, folded.HasProfile));
    }

    [Fact]
    public void DropProfile_EvictedRecord_FoldsIntoEndpointAndFreesRows()
    {
        // Arrange
        var record = Record(1, "GET /x");
        _aggregator.AddRequestSample(_a, 1, 3);
        _aggregator.EndRequest(record, keep: true);
        var rowsBefore = _aggregator.RowCount;

        // Act
        _aggregator.DropProfile(1);

        // Assert
        Assert.Equal(string.Empty, Collapsed(new ProfileFilter { RequestId = 1 }));
        Assert.Equal("App!A 3\n", Collapsed(new ProfileFilter { Endpoint = "GET /x" }));
        Assert.False(record.HasProfile);
        Assert.Equal(0, _aggregator.LabelledRequests);
        Assert.True(_aggregator.RowCount <= rowsBefore);
    }

    [Fact]
    public void AddRequestSample_ManyKeptRequestsPastByteCap_FoldsOldestAndStaysBounded()
    {
        // Arrange
        var aggregator = new ProfileAggregator(new ProfileLimits(MaxBytes: 64 * 1024));
        var frames = Enumerable.Range(0, 50).Select(i => aggregator.InternFrame(new FrameInfo("F" + i, "App"))).ToArray();
        var nodes = frames.Select(f => aggregator.Intern([f])).ToArray();

        // Act: 2,000 kept requests, 20 distinct stacks each.
        for (var id = 1; id <= 2_000; id++)
        {
            for (var s = 0; s < 20; s++)
            {
                aggregator.AddRequestSample(nodes[(id + s) % nodes.Length], id);
            }

            aggregator.EndRequest(Record(id, "GET /e" + (id % 3)), keep: true);
        }

        // Assert
        var snapshot = aggregator.Snapshot(new ProfileTotals(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        Assert.True(aggregator.EstimatedBytes < 64 * 1024 * 2, $"estimated {aggregator.EstimatedBytes} bytes");
        Assert.True(snapshot.Totals.DroppedRequestProfiles > 1_000);
        Assert.True(snapshot.HasRequest(2_000));
        Assert.False(snapshot.HasRequest(1));
        Assert.Equal(40_000, ProfileView.Create(snapshot, ProfileFilter.Requests).Total);
        var perEndpoint = Enumerable.Range(0, 3).Sum(e => ProfileView.Create(snapshot, new ProfileFilter { Endpoint = "GET /e" + e }).Total);
        Assert.Equal(40_000 - snapshot.Totals.UnlabelledSamples, perEndpoint);
    }

    [Fact]
    public void Snapshot_TakenBeforeMoreSamples_NeverChanges()
    {
        // Arrange
        _aggregator.AddRequestSample(_a, 1, 1);
        var before = Snapshot();
        var text = CollapsedStackExporter.ToText(ProfileView.Create(before, ProfileFilter.Process));

        // Act: new nodes, new rows, a fold, and a clear.
        for (var i = 0; i < 5_000; i++)
        {
            var f = _aggregator.InternFrame(new FrameInfo("G" + i, "App"));
            _aggregator.AddRequestSample(_aggregator.Intern([f]), 1);
        }

        _aggregator.EndRequest(Record(1, "GET /x"), keep: false);
        _aggregator.Clear();

        // Assert
        Assert.Equal(text, CollapsedStackExporter.ToText(ProfileView.Create(before, ProfileFilter.Process)));
        Assert.Equal(5, before.NodeCount); // root, root [other], A, B, C
    }

    [Fact]
    public void AccumulatorSnapshot_NothingChanged_ReturnsTheSameInstance()
    {
        // Arrange
        var accumulator = new ProfileAccumulator(ProfileLimits.Default, TimeProvider.System, 10);
        var node = accumulator.Aggregator.Intern([accumulator.Aggregator.InternFrame(new FrameInfo("A", "App"))]);
        lock (accumulator.Gate)
        {
            accumulator.Add(node, 5);
        }

        // Act
        var first = accumulator.Snapshot();
        var second = accumulator.Snapshot();
        accumulator.EndRequest(Record(5, "GET /x"), keep: true);
        var third = accumulator.Snapshot();

        // Assert
        Assert.Same(first, second);
        Assert.NotSame(second, third);
        Assert.True(third.HasRequest(5));
        Assert.Equal(1, Assert.Single(accumulator.Requests.All()).CpuSamples);
        Assert.Equal("GET /x", Assert.Single(accumulator.Endpoints.Summaries()).Endpoint);
    }

    [Fact]
    public void AccumulatorClear_ForgetsRequestsEndpointsAndLabels()
    {
        // Arrange
        var accumulator = new ProfileAccumulator(ProfileLimits.Default, TimeProvider.System, 10);
        var node = accumulator.Aggregator.Intern([accumulator.Aggregator.InternFrame(new FrameInfo("A", "App"))]);
        lock (accumulator.Gate)
        {
            accumulator.Add(node, 5);
        }

        accumulator.EndRequest(Record(5, "GET /x"), keep: true);
        accumulator.ApplyRequestEnds();

        // Act
        accumulator.Clear(0);

        // Assert
        var snapshot = accumulator.Snapshot();
        Assert.False(snapshot.HasRequest(5));
        Assert.Empty(snapshot.Requests);
        Assert.Equal(0, accumulator.Requests.Count);
        Assert.Empty(accumulator.Endpoints.Summaries());
        Assert.Equal(0, ProfileView.Create(snapshot, ProfileFilter.Process).Total);
    }

    [Fact]
    public void AddRequestSample_RequestsThatNeverEnd_AreFoldedPastTheRunningBound()
    {
        // Act: 25,000 requests sampled, none of them ended (their ends were lost).
        for (var id = 1; id <= 25_000; id++)
        {
            _aggregator.AddRequestSample(_a, id);
        }

        // Assert
        Assert.True(_aggregator.LabelledRequests <= 20_001, $"{_aggregator.LabelledRequests} labels kept");
        Assert.True(_aggregator.LostRequestEnds > 0);
        Assert.Equal(25_000, ProfileView.Create(Snapshot(), ProfileFilter.Requests).Total);
    }
}
