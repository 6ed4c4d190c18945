using System.Buffers;
using System.Runtime.CompilerServices;

namespace Hotpath.Demo.Services;

/// <summary>
/// Counts primes with the sieve of Eratosthenes: the demo's CPU-bound hot spot. All the work is in the loops of
/// <see cref="CountPrimes"/> itself (no calls that could take the self time), so a profile shows it on top.
/// </summary>
public sealed class PrimeSieve
{
    /// <summary>The limit used when the caller gives none.</summary>
    public const int DefaultLimit = 4_000_000;

    /// <summary>The largest limit accepted; larger requests are clamped so one request cannot hog the server.</summary>
    public const int MaxLimit = 5_000_000;

    /// <summary>Clamps a requested limit to 2..<see cref="MaxLimit"/>, using <see cref="DefaultLimit"/> when absent.</summary>
    public static int ClampLimit(int? n) => Math.Clamp(n ?? DefaultLimit, 2, MaxLimit);

    /// <summary>Returns the number of primes less than or equal to <paramref name="n"/>.</summary>
    /// <param name="n">The upper limit, 0..<see cref="MaxLimit"/>.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int CountPrimes(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxLimit);
        if (n < 2)
        {
            return 0;
        }

        // Pooled, so that repeated calls do not churn the large object heap and put the GC in the profile.
        var composite = ArrayPool<bool>.Shared.Rent(n + 1);
        try
        {
            for (var i = 0; i <= n; i++)
            {
                composite[i] = false;
            }

            for (var i = 2; i * i <= n; i++)
            {
                if (composite[i])
                {
                    continue;
                }

                for (var j = i * i; j <= n; j += i)
                {
                    composite[j] = true;
                }
            }

            var count = 0;
            for (var i = 2; i <= n; i++)
            {
                if (!composite[i])
                {
                    count++;
                }
            }

            return count;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(composite);
        }
    }
}
