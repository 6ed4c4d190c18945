using Hotpath.Requests;

namespace Hotpath.Tests.Requests;

public sealed class LatencySketchTests
{
    private static double Exact(double[] sorted, double q) => sorted[(int)Math.Floor(q * (sorted.Length - 1))];

    [Theory]
    [InlineData("uniform")]
    [InlineData("lognormal")]
    [InlineData("bimodal")]
    public void Quantile_KnownDistribution_IsWithinOnePercentOfExact(string shape)
    {
        // Arrange
        var random = new Random(42);
        var values = Enumerable.Range(0, 100_000).Select(_ => shape switch
        {
            "uniform" => 1 + (random.NextDouble() * 999),
            "lognormal" => Math.Exp(3 + (1.5 * Gaussian(random))),
            _ => random.Next(10) == 0 ? 800 + (random.NextDouble() * 200) : 5 + random.NextDouble(),
        }).ToArray();
        var sketch = new LatencySketch();

        // Act
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        // Assert
        Array.Sort(values);
        foreach (var q in new[] { 0.0, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0 })
        {
            var exact = Exact(values, q);
            var estimate = sketch.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= LatencySketch.RelativeAccuracy * exact * 1.0001, $"q{q}: {estimate} vs exact {exact}");
        }
    }

    [Fact]
    public void Merge_TwoHalves_AnswersLikeOneSketchOfAll()
    {
        // Arrange
        var random = new Random(7);
        var (a, b, all) = (new LatencySketch(), new LatencySketch(), new LatencySketch());
        for (var i = 0; i < 20_000; i++)
        {
            var v = i % 2 == 0 ? 0.5 + random.NextDouble() : 3_000 + (random.NextDouble() * 1_000);
            (i % 2 == 0 ? a : b).Add(v);
            all.Add(v);
        }

        // Act
        a.Merge(b);

        // Assert
        Assert.Equal(all.Count, a.Count);
        foreach (var q in new[] { 0.1, 0.5, 0.51, 0.99 })
        {
            Assert.Equal(all.Quantile(q), a.Quantile(q));
        }
    }

    [Fact]
    public void Quantile_ZeroNegativeAndHugeValues_AreClampedNotLost()
    {
        // Arrange
        var sketch = new LatencySketch();

        // Act
        sketch.Add(0);
        sketch.Add(-5);
        sketch.Add(double.NaN);
        sketch.Add(1e12);

        // Assert
        Assert.Equal(4, sketch.Count);
        Assert.Equal(0, sketch.Quantile(0.5));
        Assert.True(sketch.Quantile(1) >= 1e7 * 0.99);
        Assert.Equal(0, new LatencySketch().Quantile(0.5));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
