using Hotpath.Requests;

namespace Hotpath.Tests.Requests;

public sealed class RequestKeepPolicyTests
{
    private static RequestRecord Record(double ms) => new(1, DateTimeOffset.UnixEpoch, 0, "GET", "/") { DurationMs = ms };

    [Fact]
    public void Decide_KeepAll_KeepsEveryRequest() =>
        Assert.Equal("all", new RequestKeepPolicy(true, null, 0, null).Decide(Record(1), null));

    [Fact]
    public void Decide_SlowThreshold_KeepsOnlySlowRequests()
    {
        var policy = new RequestKeepPolicy(false, 100, 0, null);
        Assert.Equal("slow", policy.Decide(Record(100), null));
        Assert.Null(policy.Decide(Record(99.9), null));
    }

    [Fact]
    public void Decide_SampleRate_KeepsAboutThatFraction()
    {
        var policy = new RequestKeepPolicy(false, null, 0.25, null);
        var kept = Enumerable.Range(0, 20_000).Count(_ => policy.Decide(Record(1), null) == "sampled");
        Assert.InRange(kept, 4_500, 5_500);
        Assert.Null(new RequestKeepPolicy(false, null, 0, null).Decide(Record(1), null));
    }

    [Fact]
    public void Decide_OnDemandSecret_KeepsOnlyWithTheExactValue()
    {
        var policy = new RequestKeepPolicy(false, null, 0, "correct horse battery staple");
        Assert.Equal("on-demand", policy.Decide(Record(1), "correct horse battery staple"));
        Assert.Null(policy.Decide(Record(1), "correct horse battery stapl"));
        Assert.Null(policy.Decide(Record(1), "Correct horse battery staple"));
        Assert.Null(policy.Decide(Record(1), string.Empty));
        Assert.Null(new RequestKeepPolicy(false, null, 0, null).Decide(Record(1), string.Empty));
    }
}
