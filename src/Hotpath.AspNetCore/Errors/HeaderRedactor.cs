using System.Text.RegularExpressions;
using Hotpath.Requests;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// Decides which request headers and query parameters the error log may keep in clear: credentials, cookies and
/// anything named like a key, token or secret are replaced by <see cref="QueryRedactor.Marker"/>, as are the names
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
    private readonly QueryRedactor _query;
    private readonly Regex[] _patterns;

    public HeaderRedactor(HotpathOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _headers = new HashSet<string>(SensitiveHeaderNames.Concat(options.RedactHeaders), StringComparer.OrdinalIgnoreCase);
        _patterns = options.RedactPatterns
            .Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)))
            .ToArray();
        _query = new QueryRedactor(options.RedactQueryParameters, name => ContainsSensitivePart(name) || MatchesPattern(name));
    }

    // The error log is stricter than the request list: any parameter whose name contains one of these.
    private static readonly string[] SensitiveQueryParts =
    [
        "token", "key", "password", "passwd", "pwd", "secret", "code", "auth", "session", "signature", "sig", "credential", "otp", "nonce",
    ];

    private static bool ContainsSensitivePart(string name)
    {
        foreach (var part in SensitiveQueryParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
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
            result[name] = IsSensitiveHeader(name) ? QueryRedactor.Marker : values.ToString();
        }

        return result;
    }

    /// <summary>The query string, sensitive values replaced.</summary>
    public string Query(string query) => _query.Redact(query);

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
