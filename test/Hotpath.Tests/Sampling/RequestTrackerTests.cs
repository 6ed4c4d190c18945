using System.Diagnostics;
using Hotpath.Sampling;

namespace Hotpath.Tests.Sampling;

public class RequestTrackerTests
{
    private readonly record struct Point(int Thread, long Timestamp, long CurrentId);

    private static Point Here() => new(OsThread.CurrentId, Stopwatch.GetTimestamp(), RequestTracker.CurrentRequestId);

    // Awaits in a way that resumes on thread-pool threads and records where and when each continuation ran.
    private static async Task<List<Point>> RecordContinuations(long? requestId, int steps = 24)
    {
        if (requestId is { } id)
        {
            RequestTracker.Enter(id);
        }

        var points = new List<Point> { Here() };
        for (var i = 0; i < steps; i++)
        {
            if (i % 2 == 0)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }

            points.Add(Here());
        }

        return points;
    }

    [Fact]
    public async Task Lookup_ContinuationsOfMarkedRequest_ReturnsRequestId()
    {
        // Arrange
        Assert.True(RequestTracker.IsSupported);
        var id = RequestTracker.NextId();

        // Act: Task.Run leaves xunit's synchronization context, so every continuation runs on the thread pool.
        var points = await Task.Run(() => RecordContinuations(id));

        // Assert
        Assert.All(points, p => Assert.Equal(id, p.CurrentId));
        Assert.All(points, p => Assert.Equal(id, RequestTracker.Lookup(p.Thread, p.Timestamp)));
    }

    [Fact]
    public async Task Lookup_UnmarkedFlowRunningAlongsideRequests_ReturnsNoRequest()
    {
        // Arrange
        var ids = new[] { RequestTracker.NextId(), RequestTracker.NextId() };

        // Act: two marked requests and one unmarked flow interleave on the same thread pool.
        var marked = ids.Select(id => Task.Run(() => RecordContinuations(id))).ToArray();
        var unmarked = Task.Run(() => RecordContinuations(null));
        var markedPoints = await Task.WhenAll(marked);
        var unmarkedPoints = await unmarked;

        // Assert
        Assert.All(unmarkedPoints, p => Assert.Equal(0, RequestTracker.Lookup(p.Thread, p.Timestamp)));
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            Assert.All(markedPoints[i], p => Assert.Equal(id, RequestTracker.Lookup(p.Thread, p.Timestamp)));
        }
    }

    [Fact]
    public async Task Enter_InsideAsyncMethod_DoesNotLeakIntoCaller()
    {
        // Arrange
        var id = RequestTracker.NextId();

        // Act
        await Task.Run(async () =>
        {
            await RecordContinuations(id, steps: 2);
            var after = Here();

            // Assert
            Assert.Equal(0, after.CurrentId);
            Assert.Equal(0, RequestTracker.Lookup(after.Thread, after.Timestamp));
        });
    }

    [Fact]
    public async Task Exit_DuringRequest_LaterContinuationsAreNotAttributed()
    {
        // Arrange
        var id = RequestTracker.NextId();

        // Act
        var (inside, outside) = await Task.Run(async () =>
        {
            RequestTracker.Enter(id);
            await Task.Delay(1).ConfigureAwait(false);
            var before = Here();
            RequestTracker.Exit();
            await Task.Delay(1).ConfigureAwait(false);
            return (before, Here());
        });

        // Assert
        Assert.Equal(id, RequestTracker.Lookup(inside.Thread, inside.Timestamp));
        Assert.Equal(0, RequestTracker.Lookup(outside.Thread, outside.Timestamp));
    }

    [Fact]
    public void NextId_CalledTwice_ReturnsDistinctPositiveIds()
    {
        // Act
        var first = RequestTracker.NextId();
        var second = RequestTracker.NextId();

        // Assert
        Assert.True(first > 0);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task PruneIdle_ThreadsSilentSinceCutoff_AreForgottenAndReRegisterWhenTheyRunAgain()
    {
        // Arrange: a marked flow leaves a switch log on the thread it ran on.
        var id = RequestTracker.NextId();
        var (thread, before) = await Task.Run(() =>
        {
            RequestTracker.Enter(id);
            var t = OsThread.CurrentId;
            RequestTracker.Exit();
            return (t, Stopwatch.GetTimestamp());
        });
        Assert.NotEqual(-1, RequestTracker.Lookup(thread, before));
        Assert.True(RequestTracker.LogCount > 0);

        // Act: every log is older than "now", so all are dropped.
        var dropped = RequestTracker.PruneIdle(Stopwatch.GetTimestamp() + 1);

        // Assert: nothing is kept for silent threads, and a thread that runs a request again is tracked again.
        Assert.True(dropped > 0);
        Assert.Equal(0, RequestTracker.Lookup(thread, before));
        var again = RequestTracker.NextId();
        var (thread2, at) = await Task.Run(() =>
        {
            RequestTracker.Enter(again);
            var t = OsThread.CurrentId;
            var ts = Stopwatch.GetTimestamp();
            RequestTracker.Exit();
            return (t, ts);
        });
        Assert.Equal(again, RequestTracker.Lookup(thread2, at));
    }
}
