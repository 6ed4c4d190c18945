using System.Text.RegularExpressions;

namespace Hotpath.Accuracy.Tests;

/// <summary>
/// Shares of planted functions among one case's samples, from the difference of two collapsed-stack snapshots: a sample
/// belongs to the case when its stack holds the case root or any of the given functions (bench/accuracy/cases.py does
/// the same for perf and Hotpath).
/// </summary>
internal sealed class CaseShares
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    private CaseShares(long samples) => Samples = samples;

    /// <summary>Samples of the case between the two snapshots.</summary>
    public long Samples { get; }

    public static CaseShares Between(Dictionary<string, long> before, Dictionary<string, long> after, string root, params string[] functions)
    {
        var patterns = functions.ToDictionary(f => f, Pattern);
        var rootPattern = Pattern(root);
        long samples = 0;
        var counts = functions.ToDictionary(f => f, _ => 0L);
        foreach (var (stack, total) in after)
        {
            var delta = total - before.GetValueOrDefault(stack);
            if (delta <= 0)
            {
                continue;
            }

            var found = functions.Where(f => patterns[f].IsMatch(stack)).ToList();
            if (found.Count == 0 && !rootPattern.IsMatch(stack))
            {
                continue;
            }

            samples += delta;
            foreach (var f in found)
            {
                counts[f] += delta;
            }
        }

        var shares = new CaseShares(samples);
        foreach (var (f, c) in counts)
        {
            shares._counts[f] = c;
        }

        return shares;
    }

    /// <summary>The fraction of the case's samples whose stack holds <paramref name="function"/>.</summary>
    public double Of(string function) => Samples == 0 ? double.NaN : (double)_counts[function] / Samples;

    public override string ToString() =>
        $"{Samples} samples: " + string.Join(", ", _counts.Select(kv => $"{kv.Key} {Of(kv.Key):P1}"));

    private static Regex Pattern(string name) => new(@"Hotpath\.Planted\.Cases\." + Regex.Escape(name) + @"\(", RegexOptions.CultureInvariant);
}
