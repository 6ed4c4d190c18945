using Hotpath.LineDemo;

namespace Hotpath.LineProfiler.Tests.Instrumented;

[Collection(CountersCollection.Name)]
public sealed class TimingTests
{
    [Fact]
    public async Task Await_OfDelay50_ChargesTheAwaitLineAtLeast50MsPerCall()
    {
        var before = Lines.Row("DelayAsync", "await");
        var calls0 = Lines.Function("DelayAsync").Calls;
        await Scenarios.DelayAsync(50);
        await Scenarios.DelayAsync(50);
        var after = Lines.Row("DelayAsync", "await");

        var calls = Lines.Function("DelayAsync").Calls - calls0;
        Assert.Equal(2, calls);
        var perCall = (after.TimeMs - before.TimeMs) / calls;
        // Task.Delay's timer runs on a coarse millisecond clock and can fire a fraction of a millisecond before 50 ms of
        // Stopwatch time have passed (49.92 ms seen on a loaded machine): the wait itself is what must be charged.
        Assert.True(perCall >= 49, $"await line got {perCall} ms per call");
        Assert.Equal(2, after.Hits - before.Hits);
        // The line after the await runs once per call, not once per resumption of the state machine's MoveNext.
        var afterAwait = Lines.Row("DelayAsync", "after-await");
        Assert.True(afterAwait.TimeMs < 50, $"line after the await got {afterAwait.TimeMs} ms");
    }

    [Fact]
    public void UntimedMethod_HasHitsButNoTimes()
    {
        Scenarios.Loop(10);
        var f = Lines.Function("Loop");

        Assert.False(f.Timed);
        Assert.Null(f.TotalMs);
        Assert.All(f.Rows, r => Assert.Null(r.TimeMs));
    }

    [Fact]
    public void TimedByRegex_WordsGetsLineTimes()
    {
        Scenarios.Words("a b c d");
        var f = Lines.Function("Words");

        Assert.True(f.Timed);
        Assert.True(f.TotalMs > 0);
        Assert.Contains(f.Rows, r => r.TimeMs > 0);
    }
}
