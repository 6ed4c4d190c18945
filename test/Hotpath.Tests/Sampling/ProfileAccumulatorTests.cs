using System.Diagnostics;
using Hotpath.Aggregation;
using Hotpath.Sampling;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Sampling;

public class ProfileAccumulatorTests
{
    private const int Thread = 100;
    private static readonly long TenMs = Stopwatch.Frequency / 100;
    private static readonly DateTimeOffset Start = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Start);

    private ProfileAccumulator Create() => new(ProfileLimits.Default, _time, configuredIntervalMs: 10);

    // Admits a sample and, like the event thread does, aggregates it when admitted.
    private static bool Offer(ProfileAccumulator accumulator, long timestamp, int thread = Thread, bool managed = true, long requestId = 0)
    {
        lock (accumulator.Gate)
        {
            if (!accumulator.TryAdmit(timestamp, thread, managed, requestId, out var inRequest))
            {
                return false;
            }

            var frame = accumulator.Aggregator.InternFrame(new("Work", "App"));
            accumulator.Aggregator.Add([frame], inRequest);
            return true;
        }
    }

    [Fact]
    public void TryAdmit_NotManaged_CountsIdleAndKeepsItOutOfTheProfile()
    {
        // Arrange
        var accumulator = Create();

        // Act
        var admitted = Offer(accumulator, TenMs, managed: false);
        var snapshot = accumulator.Snapshot();

        // Assert
        Assert.False(admitted);
        Assert.Equal(1, snapshot.Totals.IdleSamples);
        Assert.Equal(0, snapshot.Totals.ProcessSamples);
    }

    [Fact]
    public void TryAdmit_RequestSample_IsCountedInBothScopes()
    {
        // Arrange
        var accumulator = Create();

        // Act
        Offer(accumulator, TenMs, requestId: 5);
        Offer(accumulator, 2 * TenMs, requestId: 0);
        var totals = accumulator.Snapshot().Totals;

        // Assert
        Assert.Equal(2, totals.ProcessSamples);
        Assert.Equal(1, totals.RequestSamples);
    }

    [Fact]
    public void TryAdmit_UnknownRequest_CountsUnattributedAndNotInRequests()
    {
        // Arrange
        var accumulator = Create();

        // Act
        Offer(accumulator, TenMs, requestId: -1);
        var totals = accumulator.Snapshot().Totals;

        // Assert
        Assert.Equal(1, accumulator.UnattributedSamples);
        Assert.Equal(1, totals.ProcessSamples);
        Assert.Equal(0, totals.RequestSamples);
    }

    [Fact]
    public void TryAdmit_SamplesAtOrBeforeClearBoundary_AreDiscarded()
    {
        // Arrange
        var accumulator = Create();
        accumulator.Clear(timestamp: 1_000 * TenMs);

        // Act
        var before = Offer(accumulator, 999 * TenMs);
        var at = Offer(accumulator, 1_000 * TenMs);
        var after = Offer(accumulator, 1_001 * TenMs);
        var totals = accumulator.Snapshot().Totals;

        // Assert
        Assert.False(before);
        Assert.False(at);
        Assert.True(after);
        Assert.Equal(2, totals.DiscardedSamples);
        Assert.Equal(1, totals.ProcessSamples);
    }

    [Fact]
    public void TryAdmit_LateSampleOfDiscardedRequest_IsDiscarded()
    {
        // Arrange
        var accumulator = Create();
        accumulator.Clear(timestamp: 10 * TenMs, requestId: 7);

        // Act
        var late = Offer(accumulator, 20 * TenMs, requestId: 7);
        var other = Offer(accumulator, 21 * TenMs, requestId: 8);
        var none = Offer(accumulator, 22 * TenMs, requestId: 0);
        var totals = accumulator.Snapshot().Totals;

        // Assert
        Assert.False(late);
        Assert.True(other);
        Assert.True(none);
        Assert.Equal(1, totals.DiscardedSamples);
        Assert.Equal(1, totals.RequestSamples);
        Assert.Equal(2, totals.ProcessSamples);
    }

    [Fact]
    public void Clear_AfterSamples_MovesThemToDiscardedAndBumpsGeneration()
    {
        // Arrange
        var accumulator = Create();
        for (var i = 1; i <= 5; i++)
        {
            Offer(accumulator, i * TenMs, requestId: i);
        }

        Offer(accumulator, 6 * TenMs, managed: false);
        accumulator.NoteRequest();
        var generation = accumulator.Generation;
        _time.Now = Start.AddMinutes(3);

        // Act
        accumulator.Clear(timestamp: 6 * TenMs);
        var snapshot = accumulator.Snapshot();

        // Assert
        Assert.Equal(generation + 1, accumulator.Generation);
        Assert.Equal(5, snapshot.Totals.DiscardedSamples);
        Assert.Equal(0, snapshot.Totals.ProcessSamples);
        Assert.Equal(0, snapshot.Totals.RequestSamples);
        Assert.Equal(0, snapshot.Totals.IdleSamples);
        Assert.Equal(0, snapshot.Totals.Requests);
        Assert.Equal(0, snapshot.Totals.WallSpanMs);
        Assert.All(snapshot.ProcessCounts, c => Assert.Equal(0, c));
        Assert.Equal(Start.AddMinutes(3), snapshot.StartedAt);
    }

    [Fact]
    public void Snapshot_SamplesEveryTenMilliseconds_MeasuresTenMillisecondInterval()
    {
        // Arrange: 50 sampling passes 10 ms apart, each sampling three threads a few ticks apart.
        var accumulator = Create();
        var first = 1_000 * TenMs;
        for (var pass = 0; pass < 50; pass++)
        {
            for (var thread = 0; thread < 3; thread++)
            {
                Offer(accumulator, first + (pass * TenMs) + thread, thread: Thread + thread, managed: thread != 2);
            }
        }

        // Act
        var totals = accumulator.Snapshot().Totals;

        // Assert
        Assert.NotNull(totals.EffectiveIntervalMs);
        Assert.InRange(totals.EffectiveIntervalMs.Value, 9.9, 10.1);
        Assert.Equal(10, totals.ConfiguredIntervalMs);
        Assert.InRange(totals.WallSpanMs, 489.9, 490.1);
        Assert.Equal(100, totals.ProcessSamples);
        Assert.Equal(50, totals.IdleSamples);
    }

    [Fact]
    public void Snapshot_TooFewPasses_HasNoEffectiveInterval()
    {
        // Arrange
        var accumulator = Create();
        for (var pass = 1; pass <= 3; pass++)
        {
            Offer(accumulator, pass * TenMs);
        }

        // Act
        var totals = accumulator.Snapshot().Totals;

        // Assert
        Assert.Null(totals.EffectiveIntervalMs);
    }

    [Fact]
    public void TryAdmit_OwnThreadSample_CountsAsOwnAndNeverInRequests()
    {
        // Arrange
        var accumulator = Create();
        accumulator.OwnThreadId = 42;

        // Act
        var admitted = Offer(accumulator, TenMs, thread: 42, requestId: 9);
        Offer(accumulator, 2 * TenMs, thread: 43, requestId: 9);
        var totals = accumulator.Snapshot().Totals;

        // Assert
        Assert.True(admitted);
        Assert.Equal(1, totals.OwnSamples);
        Assert.Equal(2, totals.ProcessSamples);
        Assert.Equal(1, totals.RequestSamples);
    }

    [Fact]
    public void NoteRequest_Twice_CountsTwoRequests()
    {
        // Arrange
        var accumulator = Create();

        // Act
        accumulator.NoteRequest();
        accumulator.NoteRequest();

        // Assert
        Assert.Equal(2, accumulator.Snapshot().Totals.Requests);
    }
}
