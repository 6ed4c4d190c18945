using System.Text;

namespace Hotpath.Requests;

/// <summary>
/// Keeps a query string with the values of sensitive parameters replaced by <see cref="Marker"/>. A name is sensitive
/// when it equals a listed name, case-insensitively, or ends with one after <c>_</c>, <c>-</c> or <c>.</c>
/// (<c>client_secret</c>, <c>x-api-key</c>, <c>refresh_token</c>). Long query strings are cut at <see cref="MaxLength"/>.
/// </summary>
internal sealed class QueryRedactor
{
    public const string Marker = "[redacted]";
    public const int MaxLength = 2_048;

    /// <summary>Redacted by default; <c>HotpathOptions.RedactQueryParameters</c> adds more.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } =
    [
        "token", "key", "password", "passwd", "pwd", "secret", "code", "api_key", "apikey", "access_token", "id_token",
        "refresh_token", "auth", "authorization", "session", "sessionid", "sig", "signature", "credential", "credentials",
        "client_secret", "otp", "pin", "ssn",
    ];

    private readonly HashSet<string> _names;

    public QueryRedactor(IEnumerable<string>? extraNames = null)
    {
        _names = new HashSet<string>(DefaultNames, StringComparer.OrdinalIgnoreCase);
        foreach (var name in extraNames ?? [])
        {
            if (!string.IsNullOrWhiteSpace(name))
            {
                _names.Add(name.Trim());
            }
        }
    }

    public bool IsSensitive(string name)
    {
        if (_names.Contains(name))
        {
            return true;
        }

        for (var i = name.Length - 2; i > 0; i--)
        {
            if (name[i] is '_' or '-' or '.' && _names.Contains(name[(i + 1)..]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The query string (with or without its leading <c>?</c>) with sensitive values replaced; empty for none.</summary>
    public string Redact(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        var text = query[0] == '?' ? query.AsSpan(1) : query.AsSpan();
        var result = new StringBuilder(Math.Min(text.Length, MaxLength) + 1).Append('?');
        var first = true;
        while (text.Length > 0)
        {
            var amp = text.IndexOf('&');
            var part = amp < 0 ? text : text[..amp];
            text = amp < 0 ? default : text[(amp + 1)..];
            if (part.IsEmpty)
            {
                continue;
            }

            if (!first)
            {
                result.Append('&');
            }

            first = false;
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            if (eq >= 0 && IsSensitive(Decode(name)))
            {
                result.Append(name).Append('=').Append(Marker);
            }
            else
            {
                result.Append(part);
            }

            if (result.Length > MaxLength)
            {
                // Sensitive values are already replaced, so cutting here cannot expose one.
                return result.ToString(0, MaxLength) + "…";
            }
        }

        return result.ToString();
    }

    private static string Decode(ReadOnlySpan<char> name)
    {
        var s = name.ToString();
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' ')).Trim();
        }
        catch (UriFormatException)
        {
            return s;
        }
    }
}
