using System.Globalization;
using System.Text.RegularExpressions;
using Hotpath.Analysis;
using Hotpath.Model;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>The function table's query: scope, sort, limit and filter, parsed strictly from the query string.</summary>
internal sealed class FunctionQuery
{
    internal const int MaxFilterLength = 500;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    public ProfileScope Scope { get; private init; } = ProfileScope.Requests;

    public ProfileMeasure Measure { get; private init; } = ProfileMeasure.Cpu;

    public string Sort { get; private init; } = "self";

    public bool Descending { get; private init; } = true;

    /// <summary>Rows to return; <see cref="int.MaxValue"/> for all.</summary>
    public int Limit { get; private init; } = 50;

    private Func<FunctionStats, bool>? Filter { get; init; }

    /// <summary>Parses the query; returns null and an error message that says what to change when a value is bad.</summary>
    public static FunctionQuery? Parse(IQueryCollection query, out string? error)
    {
        error = null;
        if (!TryParseScope(query["scope"], out var scope))
        {
            error = "scope must be 'requests' or 'process'.";
            return null;
        }

        if (!TryParseMeasure(query["measure"], out var measure))
        {
            error = "measure must be 'cpu' or 'wait'.";
            return null;
        }

        var sort = ((string?)query["sort"] ?? "self").ToLowerInvariant();
        if (sort is not ("self" or "total" or "name" or "module" or "file"))
        {
            error = "sort must be one of self, total, name, module, file.";
            return null;
        }

        var dirText = (string?)query["dir"];
        if (dirText is not (null or "" or "asc" or "desc"))
        {
            error = "dir must be 'asc' or 'desc'.";
            return null;
        }

        var descending = string.IsNullOrEmpty(dirText) ? sort is "self" or "total" : dirText == "desc";
        var limitText = (string?)query["limit"];
        int limit;
        if (string.IsNullOrEmpty(limitText))
        {
            limit = 50;
        }
        else if (limitText == "all")
        {
            limit = int.MaxValue;
        }
        else if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
        {
            error = "limit must be a positive whole number or 'all'.";
            return null;
        }

        var filterText = (string?)query["filter"] ?? string.Empty;
        if (filterText.Length > MaxFilterLength)
        {
            error = $"filter must be at most {MaxFilterLength} characters.";
            return null;
        }

        Func<FunctionStats, bool>? filter = null;
        if (filterText.Length > 0)
        {
            if (string.Equals(query["regex"], "true", StringComparison.OrdinalIgnoreCase))
            {
                Regex regex;
                try
                {
                    // NonBacktracking: a hostile pattern cannot make matching exponential.
                    regex = new Regex(filterText, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
                }
                catch (ArgumentException ex)
                {
                    error = "filter is not a valid regular expression: " + ex.Message;
                    return null;
                }
                catch (NotSupportedException ex)
                {
                    error = "filter uses a regular-expression feature that is not supported here (backreferences, lookarounds): " + ex.Message;
                    return null;
                }

                filter = row => regex.IsMatch(row.Frame.Name) || regex.IsMatch(row.Frame.Module) || (row.Frame.File is { } f && regex.IsMatch(f));
            }
            else
            {
                filter = row => Contains(row.Frame.Name, filterText) || Contains(row.Frame.Module, filterText) || Contains(row.Frame.File, filterText);
            }
        }

        return new FunctionQuery { Scope = scope, Measure = measure, Sort = sort, Descending = descending, Limit = limit, Filter = filter };
    }

    public static bool TryParseScope(string? text, out ProfileScope scope)
    {
        scope = ProfileScope.Requests;
        if (string.IsNullOrEmpty(text) || text.Equals("requests", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("process", StringComparison.OrdinalIgnoreCase))
        {
            scope = ProfileScope.Process;
            return true;
        }

        return false;
    }

    /// <summary>Parses <c>measure</c>: <c>cpu</c> (the default when absent) or <c>wait</c>; anything else is an error.</summary>
    public static bool TryParseMeasure(string? text, out ProfileMeasure measure)
    {
        measure = ProfileMeasure.Cpu;
        if (string.IsNullOrEmpty(text) || text.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("wait", StringComparison.OrdinalIgnoreCase))
        {
            measure = ProfileMeasure.Wait;
            return true;
        }

        return false;
    }

    /// <summary>Filters and sorts the rows; returns the page and how many matched before the limit.</summary>
    public (IReadOnlyList<FunctionStats> Rows, int Matched) Apply(IReadOnlyList<FunctionStats> rows)
    {
        IEnumerable<FunctionStats> matched = Filter is null ? rows : rows.Where(Filter);
        var list = matched.ToList();
        list.Sort(Compare);
        var page = list.Count > Limit ? list.GetRange(0, Limit) : list;
        return (page, list.Count);
    }

    private int Compare(FunctionStats a, FunctionStats b)
    {
        var c = Sort switch
        {
            "total" => a.Total.CompareTo(b.Total),
            "name" => string.CompareOrdinal(a.Frame.Name, b.Frame.Name),
            "module" => string.CompareOrdinal(a.Frame.Module, b.Frame.Module),
            "file" => CompareFile(a.Frame, b.Frame),
            _ => a.Self.CompareTo(b.Self),
        };
        if (Descending)
        {
            c = -c;
        }

        // Ties: most self time first, then name, so the order is stable and meaningful.
        return c != 0 ? c : b.Self != a.Self ? b.Self.CompareTo(a.Self) : string.CompareOrdinal(a.Frame.Name, b.Frame.Name);
    }

    private static int CompareFile(FrameInfo a, FrameInfo b)
    {
        var c = string.CompareOrdinal(a.File ?? string.Empty, b.File ?? string.Empty);
        return c != 0 ? c : (a.Line ?? 0).CompareTo(b.Line ?? 0);
    }

    private static bool Contains(string? text, string part) => text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
