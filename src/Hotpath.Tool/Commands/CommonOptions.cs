using System.CommandLine;
using System.Text.RegularExpressions;

namespace Hotpath.Tool.Commands;

/// <summary>Options several verbs share.</summary>
internal static class CommonOptions
{
    public static Option<string> Scope(string defaultValue = "auto")
    {
        var scope = new Option<string>("--scope")
        {
            Description = "requests, process, or auto (requests when the profile has request samples, else process).",
            DefaultValueFactory = _ => defaultValue,
        };
        scope.AcceptOnlyFromAmong("auto", "requests", "process");
        return scope;
    }

    /// <summary>Adds a range check that runs only when the value parsed (otherwise the parser reports the bad value).</summary>
    public static void Range<T>(Option<T> option, double min, double max, string message)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0)
            {
                return;
            }

            var text = r.Tokens[^1].Value;
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && (v < min || v > max))
            {
                r.AddError(message);
            }
        });
    }

    /// <summary>A case-insensitive, linear-time regular expression, or null for none.</summary>
    public static Regex? ParseRegex(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (ArgumentException ex)
        {
            throw CliException.BadInput($"--filter is not a valid regular expression: {HotpathCli.OneLine(ex.Message)}");
        }
        catch (NotSupportedException ex)
        {
            throw CliException.BadInput($"--filter uses a feature that is not supported (backreferences, lookarounds): {HotpathCli.OneLine(ex.Message)}");
        }
    }
}
