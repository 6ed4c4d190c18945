using System.CommandLine;
using System.Globalization;
using Hotpath.Model;
using Hotpath.Symbols;
using Hotpath.Tool.Profiles;

namespace Hotpath.Tool.Commands;

/// <summary><c>diff A B</c>: functions whose share of the profile grew or shrank from A to B, biggest change first.</summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output)
    {
        var before = new Argument<string>("before") { Description = "The baseline profile (A)." };
        var after = new Argument<string>("after") { Description = "The profile to compare with it (B)." };
        var threshold = new Option<double>("--threshold", "-t")
        {
            Description = "Only functions whose share changed by at least this many percentage points.",
            DefaultValueFactory = _ => 0.5,
        };
        CommonOptions.Range(threshold, 0, 100, "--threshold must be between 0 and 100 (percentage points).");
        var by = new Option<string>("--by", "-b") { Description = "Compare self or total share.", DefaultValueFactory = _ => "self" };
        by.AcceptOnlyFromAmong("self", "total");
        var limit = new Option<int>("--limit", "-n") { Description = "Rows to print (0 for all).", DefaultValueFactory = _ => 30 };
        CommonOptions.Range(limit, 0, int.MaxValue, "--limit must be 0 (all) or a positive number.");
        var scope = CommonOptions.Scope();
        var command = new Command("diff", "Show the functions whose share of the profile grew or shrank between two saved profiles.") { before, after, threshold, by, limit, scope };
        command.SetAction(result =>
        {
            var a = ProfileInput.Load(result.GetRequiredValue(before));
            var b = ProfileInput.Load(result.GetRequiredValue(after));
            Write(output, a, b, result.GetRequiredValue(scope), result.GetValue(threshold), result.GetRequiredValue(by), result.GetValue(limit));
            return ExitCodes.Success;
        });
        return command;
    }

    public static void Write(TextWriter output, ProfileSnapshot a, ProfileSnapshot b, string scope, double threshold, string by, int limit)
    {
        // auto: the requests scope only if both have request samples, so the two sides always compare the same scope.
        var resolved = scope == "auto"
            ? (a.Totals.RequestSamples > 0 && b.Totals.RequestSamples > 0 ? ProfileScope.Requests : ProfileScope.Process)
            : ProfileInput.ResolveScope(a, scope);
        var viewA = ProfileView.Create(a, new ProfileFilter { Scope = resolved });
        var viewB = ProfileView.Create(b, new ProfileFilter { Scope = resolved });
        var sharesA = Shares(viewA, by);
        var sharesB = Shares(viewB, by);
        var changes = sharesA.Keys.Union(sharesB.Keys)
            .Select(k => (Key: k, A: sharesA.GetValueOrDefault(k), B: sharesB.GetValueOrDefault(k)))
            .Select(x => (x.Key, x.A, x.B, Delta: x.B - x.A))
            .Where(x => Math.Abs(x.Delta) >= threshold && x.Delta != 0)
            .OrderByDescending(x => Math.Abs(x.Delta))
            .ThenBy(x => x.Key.Name, StringComparer.Ordinal)
            .ToList();
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{ProfileInput.Name(resolved)} scope, {by} share: A {viewA.Total} samples, B {viewB.Total} samples; {changes.Count} functions changed by at least {threshold:0.##} points"));
        if (changes.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("  change      A%      B%  function");
        foreach (var (key, shareA, shareB, delta) in limit == 0 ? changes : changes.Take(limit))
        {
            var module = key.Module.Length > 0 ? $"  [{key.Module}]" : string.Empty;
            var note = shareA == 0 ? "  (new)" : shareB == 0 ? "  (gone)" : string.Empty;
            output.WriteLine(string.Create(c, $"{delta,8:+0.00;-0.00}  {shareA,6:0.00}  {shareB,6:0.00}  {DisplayNames.Format(key.Name)}{module}{note}"));
        }

        if (limit > 0 && changes.Count > limit)
        {
            output.WriteLine(string.Create(c, $"... {changes.Count - limit} more (--limit 0 for all)"));
        }
    }

    // A function is the same across profiles when its runtime name and module are.
    private static Dictionary<(string Name, string Module), double> Shares(ProfileView view, string by)
    {
        var shares = new Dictionary<(string, string), double>();
        if (view.Total == 0)
        {
            return shares;
        }

        foreach (var row in FunctionRows.Compute(view))
        {
            var key = (row.Frame.Name, row.Frame.Module);
            var value = (by == "total" ? row.Total : row.Self) * 100.0 / view.Total;
            shares[key] = shares.GetValueOrDefault(key) + value;
        }

        return shares;
    }
}
