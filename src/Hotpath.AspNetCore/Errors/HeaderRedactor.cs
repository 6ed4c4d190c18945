using System.Text.RegularExpressions;
using Hotpath.Requests;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// Decides which request headers and query parameters the error log may keep in clear: credentials, cookies and
/// anything named like a key, token or secret are replaced by <see cref="QueryRedactor.Placeholder"/>, as are the names
/// configured in <see cref="HotpathOptions.RedactHeaders"/> / <see cref="HotpathOptions.RedactQueryParameters"/> and
/// the names matching <see cref="HotpathOptions.RedactPatterns"/>.
/// </summary>
internal sealed class HeaderRedactor
{
    private static readonly string[] SensitiveHeaderNames =
    [
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key", "X-Forwarded-Authorization",
    ];

    private static readonly string[] SensitiveHeaderParts =
    [
        "token", "secret", "password", "passwd", "apikey", "api-key", "api_key", "auth", "session", "cookie", "credential", "signature",
    ];

    private readonly HashSet<string> _headers;
    private readonly HashSet<string> _queryNames;
    private readonly Regex[] _patterns;

    public HeaderRedactor(HotpathOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _headers = new HashSet<string>(SensitiveHeaderNames.Concat(options.RedactHeaders), StringComparer.OrdinalIgnoreCase);
        _queryNames = new HashSet<string>(options.RedactQueryParameters, StringComparer.OrdinalIgnoreCase);
        _patterns = options.RedactPatterns
            .Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)))
            .ToArray();
    }

    public bool IsSensitiveHeader(string name)
    {
        if (_headers.Contains(name) || MatchesPattern(name))
        {
            return true;
        }

        foreach (var part in SensitiveHeaderParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The request headers, sensitive values replaced.</summary>
    public IReadOnlyDictionary<string, string> Headers(IHeaderDictionary headers)
    {
        var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            result[name] = IsSensitiveHeader(name) ? QueryRedactor.Placeholder : values.ToString();
        }

        return result;
    }

    /// <summary>The query string, sensitive values replaced.</summary>
    public string Query(string query) => QueryRedactor.Redact(query, _queryNames, MatchesPattern);

    private bool MatchesPattern(string name)
    {
        foreach (var pattern in _patterns)
        {
            try
            {
                if (pattern.IsMatch(name))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern too slow to decide redacts: safer to hide a value than to leak it.
                return true;
            }
        }

        return false;
    }
}
