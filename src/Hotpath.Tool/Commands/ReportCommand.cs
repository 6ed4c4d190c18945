using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Hotpath.Model;
using Hotpath.Symbols;
using Hotpath.Tool.Profiles;

namespace Hotpath.Tool.Commands;

/// <summary><c>report FILE</c>: a pstats-like function table of a saved profile.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "A saved Hotpath profile." };
        var sort = new Option<string>("--sort", "-s") { Description = "Sort by self or total time.", DefaultValueFactory = _ => "self" };
        sort.AcceptOnlyFromAmong("self", "total");
        var limit = new Option<int>("--limit", "-n") { Description = "Rows to print (0 for all).", DefaultValueFactory = _ => 30 };
        CommonOptions.Range(limit, 0, int.MaxValue, "--limit must be 0 (all) or a positive number.");
        var filter = new Option<string?>("--filter", "-f") { Description = "Only functions whose name, module or file matches this regular expression." };
        var scope = CommonOptions.Scope();
        var lines = new Option<bool>("--lines", "-l") { Description = "Also print the line table, when the profile has line data." };
        var command = new Command("report", "Print a pstats-like table of a saved profile's functions.") { file, sort, limit, filter, scope, lines };
        command.SetAction(result =>
        {
            var snapshot = ProfileInput.Load(result.GetRequiredValue(file));
            Write(output, result.GetRequiredValue(file), snapshot, new ReportSettings(
                result.GetRequiredValue(sort), result.GetValue(limit), result.GetValue(filter), result.GetRequiredValue(scope), result.GetValue(lines)));
            return ExitCodes.Success;
        });
        return command;
    }

    public static void Write(TextWriter output, string source, ProfileSnapshot snapshot, ReportSettings settings)
    {
        var regex = CommonOptions.ParseRegex(settings.Filter);
        var scope = ProfileInput.ResolveScope(snapshot, settings.Scope);
        var view = ProfileView.Create(snapshot, new ProfileFilter { Scope = scope });
        var interval = view.IntervalMs;
        var rows = FunctionRows.Compute(view)
            .Where(r => regex is null || regex.IsMatch(DisplayNames.Of(r.Frame)) || regex.IsMatch(r.Frame.Name) || regex.IsMatch(r.Frame.Module) || (r.Frame.File is { } f && regex.IsMatch(f)))
            .OrderByDescending(r => settings.Sort == "total" ? r.Total : r.Self)
            .ThenByDescending(r => r.Self)
            .ThenBy(r => r.Frame.Name, StringComparer.Ordinal)
            .ToList();
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{source}: {ProfileInput.Name(scope)} scope, {view.Total} samples x {interval:0.##} ms = {Seconds(view.Total * interval)}, {rows.Count} functions{(regex is null ? string.Empty : " matching the filter")}"));
        output.WriteLine(string.Create(c, $"captured {snapshot.CapturedAt:yyyy-MM-dd HH:mm:ss}Z, wall span {Seconds(snapshot.Totals.WallSpanMs)}, {snapshot.Totals.Requests} requests, {snapshot.Totals.MergedSamples} samples merged into [other]"));
        output.WriteLine();
        output.WriteLine("  self ms   self%   total ms  total%  function");
        var shown = settings.Limit == 0 ? rows : rows.Take(settings.Limit);
        foreach (var row in shown)
        {
            var where = row.Frame.File is { } file ? $"  {file}{(row.Frame.Line is { } l ? ":" + l.ToString(c) : string.Empty)}" : string.Empty;
            var module = row.Frame.Module.Length > 0 ? $"  [{row.Frame.Module}]" : string.Empty;
            output.WriteLine(string.Create(c, $"{row.Self * interval,9:0.0} {Percent(row.Self, view.Total),6:0.00}% {row.Total * interval,10:0.0} {Percent(row.Total, view.Total),6:0.00}%  {DisplayNames.Of(row.Frame)}{module}{where}"));
        }

        if (settings.Limit > 0 && rows.Count > settings.Limit)
        {
            output.WriteLine(string.Create(c, $"... {rows.Count - settings.Limit} more (--limit 0 for all)"));
        }

        if (settings.Lines)
        {
            output.WriteLine();

            // Format v1 keeps one line per function (where it starts), not samples per source line.
            output.WriteLine("No line data: this profile has samples per function only (no per-line samples were recorded).");
        }
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : part * 100.0 / whole;

    private static string Seconds(double ms) => ms >= 1000 ? (ms / 1000).ToString("0.00 s", CultureInfo.InvariantCulture) : ms.ToString("0 ms", CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="ReportCommand"/> prints.</summary>
internal sealed record ReportSettings(string Sort, int Limit, string? Filter, string Scope, bool Lines);
