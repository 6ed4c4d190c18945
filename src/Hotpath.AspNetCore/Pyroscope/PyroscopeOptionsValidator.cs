using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Pyroscope;

/// <summary>Validates <see cref="PyroscopeOptions"/> at start-up with messages that say what to change.</summary>
internal sealed class PyroscopeOptionsValidator : IValidateOptions<PyroscopeOptions>
{
    public ValidateOptionsResult Validate(string? name, PyroscopeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.ServerUrl))
        {
            return ValidateOptionsResult.Success;
        }

        var s = PyroscopeOptions.SectionName;
        var errors = new List<string>();
        if (!Uri.TryCreate(options.ServerUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0)
        {
            errors.Add($"{s}:ServerUrl must be an http:// or https:// base URL without a query, e.g. 'http://pyroscope:4040' (got '{options.ServerUrl}').");
        }

        if (options.IntervalSeconds is < 0.1 or > 3600 || double.IsNaN(options.IntervalSeconds))
        {
            errors.Add($"{s}:IntervalSeconds must be between 0.1 and 3600 (got {options.IntervalSeconds}); 10–60 is typical.");
        }

        if (options.Scope is not ("process" or "requests"))
        {
            errors.Add($"{s}:Scope must be 'process' or 'requests' (got '{options.Scope}').");
        }

        if (options.MaxQueue is < 1 or > 1000)
        {
            errors.Add($"{s}:MaxQueue must be between 1 and 1000 (got {options.MaxQueue}).");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{s}:MaxRetries must be between 0 and 10 (got {options.MaxRetries}).");
        }

        if (options.TimeoutSeconds is < 0.1 or > 300 || options.RetryDelaySeconds is < 0 or > 60)
        {
            errors.Add($"{s}:TimeoutSeconds must be between 0.1 and 300 and RetryDelaySeconds between 0 and 60.");
        }

        if ((options.BasicAuthUser is null) != (options.BasicAuthPassword is null) || (options.BasicAuthUser is not null && options.AuthToken is not null))
        {
            errors.Add($"{s}: set either AuthToken, or both BasicAuthUser and BasicAuthPassword, not both kinds.");
        }

        foreach (var (key, value) in options.Labels)
        {
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.') || value.AsSpan().IndexOfAny("{},=") >= 0)
            {
                errors.Add($"{s}:Labels: '{key}={value}' is not a valid label; names use letters, digits, '_' and '.', values no '{{', '}}', ',' or '='.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
