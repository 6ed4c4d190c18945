using System.Text;

namespace Hotpath.Requests;

/// <summary>
/// Replaces the values of sensitive query parameters (tokens, keys, passwords, secrets, codes…) with
/// <see cref="Placeholder"/>, keeping the rest of the query as it was sent. Names are compared after URL-decoding, so
/// <c>%74oken=</c> is caught like <c>token=</c>.
/// </summary>
public static class QueryRedactor
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Placeholder = "[redacted]";

    // A parameter is sensitive when its decoded, lower-cased name contains one of these.
    private static readonly string[] SensitiveParts =
    [
        "token", "key", "password", "passwd", "pwd", "secret", "code", "auth", "session", "signature", "sig", "credential", "otp", "nonce",
    ];

    /// <summary>Whether a parameter of this (decoded) name is sensitive by default.</summary>
    public static bool IsSensitiveByDefault(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var part in SensitiveParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The query with sensitive values redacted. <paramref name="query"/> may start with '?' (kept); parameters named in
    /// <paramref name="extraNames"/> (case-insensitive, exact) are redacted too.
    /// </summary>
    public static string Redact(string query, IEnumerable<string> extraNames) => Redact(query, extraNames, isSensitive: null);

    /// <summary>Like <see cref="Redact(string, IEnumerable{string})"/>, with a further test on the decoded name.</summary>
    public static string Redact(string query, IEnumerable<string> extraNames, Func<string, bool>? isSensitive)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(extraNames);
        if (query.Length == 0 || query == "?")
        {
            return query;
        }

        var extra = extraNames as ISet<string> ?? new HashSet<string>(extraNames, StringComparer.OrdinalIgnoreCase);
        var text = new StringBuilder(query.Length);
        var start = 0;
        if (query[0] == '?')
        {
            text.Append('?');
            start = 1;
        }

        var first = true;
        foreach (var pair in query[start..].Split('&'))
        {
            if (!first)
            {
                text.Append('&');
            }

            first = false;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawName = equals < 0 ? pair : pair[..equals];
            var name = Decode(rawName);
            if (equals >= 0 && (IsSensitiveByDefault(name) || extra.Contains(name) || (isSensitive?.Invoke(name) ?? false)))
            {
                text.Append(rawName).Append('=').Append(Placeholder);
            }
            else
            {
                text.Append(pair);
            }
        }

        return text.ToString();
    }

    private static string Decode(string raw)
    {
        try
        {
            return Uri.UnescapeDataString(raw.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return raw;
        }
    }
}
