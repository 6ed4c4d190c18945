using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotpath.Lines;

/// <summary>
/// The filters of a line report, as wsgi_lineprof has them: a regular expression over the function's full name, one
/// over its file name, the top N by total time. Patterns run with the non-backtracking engine, so no pattern can hang.
/// </summary>
internal sealed class LineQuery
{
    public Regex? Function { get; init; }

    public Regex? File { get; init; }

    public int? Top { get; init; }

    /// <summary>Parses the filters; on bad input returns null and says what to change.</summary>
    public static LineQuery? Parse(string? function, string? file, string? top, out string? error)
    {
        error = null;
        var f = Compile(function, "function", ref error);
        var p = Compile(file, "file", ref error);
        int? n = null;
        if (!string.IsNullOrEmpty(top))
        {
            if (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1 || v > 10_000)
            {
                error ??= "top must be a whole number from 1 to 10000.";
            }
            else
            {
                n = v;
            }
        }

        return error is null ? new LineQuery { Function = f, File = p, Top = n } : null;
    }

    /// <summary>Filters and orders by total time (longest first), then samples, then hits.</summary>
    public List<LineFunction> Apply(IEnumerable<LineFunction> functions)
    {
        var selected = functions
            .Where(f => Function?.IsMatch(f.Name) != false && File?.IsMatch(f.File) != false)
            .OrderByDescending(f => f.SortKey)
            .ThenBy(f => f.Name, StringComparer.Ordinal);
        return [.. Top is { } n ? selected.Take(n) : selected];
    }

    private static Regex? Compile(string? pattern, string name, ref string? error)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        if (pattern.Length > 1000)
        {
            error ??= $"{name} is longer than 1000 characters.";
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            error ??= $"{name} is not a supported regular expression (no backreferences or lookarounds): {e.Message}";
            return null;
        }
    }
}
