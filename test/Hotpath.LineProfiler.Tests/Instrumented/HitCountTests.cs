using Hotpath.LineDemo;

namespace Hotpath.LineProfiler.Tests.Instrumented;

[Collection(CountersCollection.Name)]
public sealed class HitCountTests
{
    [Fact]
    public void Loop_OfThousand_BodyLineHitsThousandTimesCalls()
    {
        var calls0 = Lines.Function("Loop").Calls;
        var added = Lines.HitsAdded("Loop", "loop-body", () =>
        {
            Scenarios.Loop(1000);
            Scenarios.Loop(1000);
            Scenarios.Loop(1000);
        });

        Assert.Equal(3000, added);
        Assert.Equal(3, Lines.Function("Loop").Calls - calls0);
    }

    [Fact]
    public void Loop_OnManyThreads_CountsEveryHitExactly()
    {
        var added = Lines.HitsAdded("Loop", "loop-body", () =>
            Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => Scenarios.Loop(1000)));

        Assert.Equal(200_000, added);
    }

    [Fact]
    public void Recursion_Fib_CountsEveryCallAndTotalOnce()
    {
        var before = Lines.Function("Fib");
        Scenarios.Fib(10);
        var after = Lines.Function("Fib");

        // Fib(10) makes 177 calls; the test line runs once per call.
        Assert.Equal(177, after.Calls - before.Calls);
        var test = Lines.Marker(after, "fib-test");
        Assert.Equal(177, after.Rows.Single(r => r.Line == test).Hits - before.Rows.Single(r => r.Line == test).Hits);
        Assert.True(after.Timed);
        Assert.NotNull(after.TotalMs);
        // cProfile semantics: the recursion is counted once in total time, so total stays at most the sum of own times plus rounding.
        Assert.True(after.TotalMs <= after.OwnMs + 1, $"total {after.TotalMs} ms own {after.OwnMs} ms");
    }

    [Fact]
    public void ThrowAndCatch_WithFilter_KeepsEnterExitBalanced()
    {
        var thrower0 = Lines.Function("Thrower");
        var caught = Lines.HitsAdded("CatchIt", "caught", () => Assert.Equal(-1, Scenarios.CatchIt(5)));
        var filter = Lines.HitsAdded("CatchIt", "filter", () => Scenarios.CatchIt(5));

        Assert.Equal(1, caught);
        Assert.Equal(1, filter);
        Assert.Equal(2, Lines.Function("Thrower").Calls - thrower0.Calls);
        Assert.Equal(0, CallFrames.Current.OpenFrames);
        Assert.Throws<InvalidOperationException>(() => Scenarios.Rethrow(1));
        Assert.Equal(0, CallFrames.Current.OpenFrames);
        Assert.Equal(1, Lines.HitsAdded("Rethrow", "rethrow-catch", () => Assert.Throws<InvalidOperationException>(() => Scenarios.Rethrow(1))));
    }

    [Fact]
    public void Iterator_YieldLine_HitsOncePerYield()
    {
        var added = Lines.HitsAdded("Evens", "yield", () => Assert.Equal(5, Scenarios.Evens(10).Count()));

        Assert.Equal(5, added);
    }

    [Fact]
    public void Lambda_AndLocalFunction_AreTheirOwnFunctionsWithHits()
    {
        var lambda0 = Lines.Function("Doubled.<lambda>");
        var local0 = Lines.Function("WithLocal.Square");
        Scenarios.Doubled([1, 2, 3, 4]);
        Scenarios.WithLocal(2);

        Assert.Equal(4, Lines.Function("Doubled.<lambda>").Calls - lambda0.Calls);
        Assert.Equal(2, Lines.Function("WithLocal.Square").Calls - local0.Calls);
    }

    [Fact]
    public void Generic_AndStackalloc_CountLines()
    {
        Assert.Equal(2, Lines.HitsAdded("Largest", "generic", () => Assert.Equal(9, Scenarios.Largest([1, 5, 3, 9]))));
        Assert.Equal(16, Lines.HitsAdded("SpanSum", "stackalloc", () => Assert.Equal(360, Scenarios.SpanSum(3))));
    }

    [Fact]
    public void StackTrace_OfInstrumentedThrow_KeepsItsLineNumber()
    {
        var line = Lines.Marker(Lines.Function("Thrower"), "throw");

        Assert.Equal($"Thrower:{line}", Scenarios.ThrowerStackLine());
    }
}
