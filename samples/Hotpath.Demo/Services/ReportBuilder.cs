using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Hotpath.Demo.Services;

/// <summary>
/// Builds a latency report the way a real endpoint would: wait for "I/O", crunch numbers, wait again, crunch more.
/// The awaits make the compute steps resume on thread-pool threads, which is what a profiler must follow.
/// </summary>
public sealed class ReportBuilder(TimeProvider timeProvider)
{
    /// <summary>The number of generated latency samples.</summary>
    public const int SampleCount = 400_000;

    /// <summary>The number of histogram buckets, each <see cref="BucketWidthMs"/> wide (the last one is open).</summary>
    public const int Buckets = 20;

    /// <summary>The width of a histogram bucket.</summary>
    public const double BucketWidthMs = 5.0;

    private const int MovingAverageWindow = 256;

    /// <summary>
    /// Simulates two I/O waits (about 8 ms and 6 ms) around two CPU-bound passes over <see cref="SampleCount"/>
    /// generated latencies, and returns their statistics. The compute is in this method's body on purpose: it should
    /// show up as self time of <c>BuildReport</c> (its state machine), not of helpers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<Report> BuildReport(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();

        // "Fetch" the raw data.
        await Task.Delay(TimeSpan.FromMilliseconds(8), timeProvider, cancellationToken);

        // Pooled, so that repeated requests do not churn the large object heap and put the GC in the profile.
        var samples = ArrayPool<double>.Shared.Rent(SampleCount);
        try
        {
            // Pass 1: generate the series (a deterministic xorshift with a long tail) and its mean and variance.
            var state = 0x9E3779B97F4A7C15UL;
            double sum = 0, sumOfSquares = 0;
            for (var i = 0; i < SampleCount; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                var u = (state >> 11) * (1.0 / (1UL << 53));
                var latency = 2.0 + (20.0 * u * u * u) + ((i & 1023) == 0 ? 60.0 * u : 0.0);
                samples[i] = latency;
                sum += latency;
                sumOfSquares += latency * latency;
            }

            var mean = sum / SampleCount;
            var stdDev = Math.Sqrt(Math.Max(0, (sumOfSquares / SampleCount) - (mean * mean)));

            // "Fetch" the thresholds to report against.
            await Task.Delay(TimeSpan.FromMilliseconds(6), timeProvider, cancellationToken);

            // Pass 2: histogram, moving-average peak, and percentiles read off a fine-grained histogram.
            var histogram = new int[Buckets];
            const int FineBuckets = 10_000;
            const double FineWidthMs = 0.01;
            var fine = new int[FineBuckets];
            double window = 0, maxMovingAverage = 0;
            for (var i = 0; i < SampleCount; i++)
            {
                var latency = samples[i];
                var bucket = (int)(latency / BucketWidthMs);
                histogram[bucket < Buckets ? bucket : Buckets - 1]++;
                var fineBucket = (int)(latency / FineWidthMs);
                fine[fineBucket < FineBuckets ? fineBucket : FineBuckets - 1]++;

                window += latency;
                if (i >= MovingAverageWindow)
                {
                    window -= samples[i - MovingAverageWindow];
                    var average = window / MovingAverageWindow;
                    if (average > maxMovingAverage)
                    {
                        maxMovingAverage = average;
                    }
                }
            }

            double p50 = 0, p95 = 0, p99 = 0;
            long seen = 0;
            for (var b = 0; b < FineBuckets; b++)
            {
                seen += fine[b];
                var upper = (b + 1) * FineWidthMs;
                if (p50 == 0 && seen * 100 >= SampleCount * 50L)
                {
                    p50 = upper;
                }

                if (p95 == 0 && seen * 100 >= SampleCount * 95L)
                {
                    p95 = upper;
                }

                if (p99 == 0 && seen * 100 >= SampleCount * 99L)
                {
                    p99 = upper;
                    break;
                }
            }

            return new Report(
                SampleCount,
                Math.Round(mean, 3),
                Math.Round(stdDev, 3),
                Math.Round(p50, 2),
                Math.Round(p95, 2),
                Math.Round(p99, 2),
                Math.Round(maxMovingAverage, 3),
                histogram,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(samples);
        }
    }
}
