using Hotpath.Requests;

namespace Hotpath.Tests.Requests;

public sealed class RequestStoreTests
{
    private static RequestRecord Record(long id, string? endpoint = "GET /a", int status = 200, double ms = 10, string? trace = null) =>
        new(id, DateTimeOffset.UnixEpoch.AddSeconds(id), id, "GET", "/a/" + id) { Endpoint = endpoint, Status = status, DurationMs = ms, TraceId = trace, Completed = true };

    [Fact]
    public void Add_PastCountCap_EvictsOldestAndCountsThem()
    {
        // Arrange
        var store = new RequestStore(new RequestStoreOptions(MaxRequests: 3));
        var evicted = new List<long>();

        // Act
        for (var i = 1; i <= 5; i++)
        {
            var record = Record(i);
            record.KeepReason = i <= 2 ? "all" : null;
            store.Add(record, r => evicted.Add(r.Id));
        }

        // Assert
        Assert.Equal(2, store.Evicted);
        Assert.Equal([5L, 4L, 3L], store.Query(new RequestQuery()).Select(r => r.Id));
        Assert.Null(store.Find(1));
        Assert.Equal([1L, 2L], evicted);
    }

    [Fact]
    public void Add_PastByteCap_EvictsUntilItFits()
    {
        // Arrange
        var one = Record(1).EstimatedBytes;
        var store = new RequestStore(new RequestStoreOptions(MaxRequests: 1000, MaxBytes: (one * 4) + 10));

        // Act
        for (var i = 1; i <= 10; i++)
        {
            store.Add(Record(i));
        }

        // Assert
        Assert.Equal(4, store.Count);
        Assert.Equal(6, store.Evicted);
        Assert.True(store.EstimatedBytes <= store.Options.MaxBytes);
    }

    [Fact]
    public void Query_Filters_SelectByEndpointStatusDurationAndTrace()
    {
        // Arrange
        var store = new RequestStore();
        store.Add(Record(1, "GET /a", 200, 5));
        store.Add(Record(2, "GET /b", 503, 50));
        store.Add(Record(3, "GET /a", 404, 500, trace: new string('c', 32)));
        store.Add(Record(4, null, 404, 1));

        // Act / Assert
        Assert.Equal([3L, 1L], store.Query(new RequestQuery { Endpoint = "GET /a" }).Select(r => r.Id));
        Assert.Equal([4L], store.Query(new RequestQuery { Endpoint = EndpointTable.NoEndpoint }).Select(r => r.Id));
        Assert.Equal([4L, 3L], store.Query(new RequestQuery { Status = 404 }).Select(r => r.Id));
        Assert.Equal([2L], store.Query(new RequestQuery { Status = 5, StatusClass = true }).Select(r => r.Id));
        Assert.Equal([3L, 2L], store.Query(new RequestQuery { MinDurationMs = 50 }).Select(r => r.Id));
        Assert.Equal([3L], store.Query(new RequestQuery { TraceId = new string('C', 32) }).Select(r => r.Id));
        Assert.Equal([4L, 3L], store.Query(new RequestQuery { Limit = 2 }).Select(r => r.Id));
    }

    [Fact]
    public void Clear_ResetsRecordsAndEvictions()
    {
        // Arrange
        var store = new RequestStore(new RequestStoreOptions(MaxRequests: 1));
        store.Add(Record(1));
        store.Add(Record(2));

        // Act
        store.Clear();

        // Assert
        Assert.Equal((0, 0L, 0L), (store.Count, store.Evicted, store.EstimatedBytes));
    }
}
