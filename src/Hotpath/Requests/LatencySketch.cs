namespace Hotpath.Requests;

/// <summary>
/// A mergeable quantile sketch of latencies in the style of DDSketch (Masson, Rim, Lee, VLDB 2019): values fall into
/// logarithmic buckets <c>(γ^(i-1), γ^i]</c> with <c>γ = (1+α)/(1-α)</c>, and a quantile is answered with the bucket's
/// midpoint <c>2γ^i/(γ+1)</c>, which is within a relative error α of the true quantile of the recorded values.
/// α = 1%; values are clamped to [1 µs, 10⁷ ms], so at most ~1,500 buckets exist (a dense array over the used range).
/// Not thread-safe.
/// </summary>
internal sealed class LatencySketch
{
    /// <summary>The relative accuracy: every quantile is within this fraction of a recorded value of that rank.</summary>
    public const double RelativeAccuracy = 0.01;

    private const double MinValue = 0.001;
    private const double MaxValue = 1e7;
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private long[] _counts = [];
    private int _offset;
    private long _zero;

    /// <summary>How many values were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Records a latency in milliseconds (negative and NaN values count as 0).</summary>
    public void Add(double ms)
    {
        Count++;
        if (!(ms >= MinValue))
        {
            _zero++;
            return;
        }

        var index = (int)Math.Ceiling(Math.Log(Math.Min(ms, MaxValue)) / LogGamma);
        Grow(index, index);
        _counts[index - _offset]++;
    }

    /// <summary>Adds every value recorded in <paramref name="other"/>.</summary>
    public void Merge(LatencySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Count += other.Count;
        _zero += other._zero;
        if (other._counts.Length == 0)
        {
            return;
        }

        Grow(other._offset, other._offset + other._counts.Length - 1);
        for (var i = 0; i < other._counts.Length; i++)
        {
            _counts[other._offset + i - _offset] += other._counts[i];
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1) in milliseconds, within <see cref="RelativeAccuracy"/>; 0 when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        // The rank of the lower nearest value, as DDSketch defines it.
        var rank = (long)Math.Floor(Math.Clamp(q, 0, 1) * (Count - 1));
        if (rank < _zero)
        {
            return 0;
        }

        var seen = _zero;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen > rank)
            {
                return 2 * Math.Pow(Gamma, i + _offset) / (Gamma + 1);
            }
        }

        return MaxValue;
    }

    private void Grow(int low, int high)
    {
        if (_counts.Length == 0)
        {
            _offset = low;
            _counts = new long[Math.Max(16, high - low + 1)];
            return;
        }

        var start = Math.Min(low, _offset);
        var end = Math.Max(high, _offset + _counts.Length - 1);
        if (start == _offset && end < _offset + _counts.Length)
        {
            return;
        }

        // Grow with slack on the side that grew, so a drifting latency does not reallocate on every value.
        var slack = Math.Max(16, (end - start + 1) / 2);
        if (start < _offset)
        {
            start -= slack;
        }
        else
        {
            end += slack;
        }

        var counts = new long[end - start + 1];
        Array.Copy(_counts, 0, counts, _offset - start, _counts.Length);
        _counts = counts;
        _offset = start;
    }
}
