using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore;

/// <summary>Validates <see cref="HotpathOptions"/> at start-up with messages that say what to change.</summary>
internal sealed class HotpathOptionsValidator : IValidateOptions<HotpathOptions>
{
    public ValidateOptionsResult Validate(string? name, HotpathOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = HotpathOptions.SectionName;

        if (string.IsNullOrEmpty(options.Path) || options.Path[0] != '/' || options.Path.Length < 2 || options.Path.EndsWith('/')
            || options.Path.AsSpan().IndexOfAny("?#\\ \t\r\n%") >= 0 || options.Path.Contains("//", StringComparison.Ordinal))
        {
            errors.Add($"{section}:Path must start with '/', name a sub-path without a trailing '/', and contain no '?', '#', '%', '\\' or spaces, e.g. '/__profile__' (got '{options.Path}').");
        }

        if (options.SamplingIntervalMs is < 1 or > 1000)
        {
            errors.Add($"{section}:SamplingIntervalMs must be between 1 and 1000 milliseconds (got {options.SamplingIntervalMs}); 10 is the default.");
        }

        if (!Enum.IsDefined(options.Sampler))
        {
            errors.Add($"{section}:Sampler must be Auto, PerfEvent or EventPipe (got {(int)options.Sampler}).");
        }

        if (options.MaxFrames is < 16 or > 10_000_000)
        {
            errors.Add($"{section}:MaxFrames must be between 16 and 10000000 (got {options.MaxFrames}).");
        }

        if (options.MaxStacks is < 64 or > 50_000_000)
        {
            errors.Add($"{section}:MaxStacks must be between 64 and 50000000 (got {options.MaxStacks}).");
        }

        if (options.MaxProfileMegabytes is < 1 or > 4096)
        {
            errors.Add($"{section}:MaxProfileMegabytes must be between 1 and 4096 (got {options.MaxProfileMegabytes}).");
        }

        if (options.LogFile is not null)
        {
            if (string.IsNullOrWhiteSpace(options.LogFile) || options.LogFile.AsSpan().IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0
                || options.LogFile.EndsWith('/') || options.LogFile.EndsWith('\\'))
            {
                errors.Add($"{section}:LogFile must be a file path such as 'profile.hotpath.json', or unset (got '{options.LogFile}').");
            }
        }

        if (options.AuthorizationPolicy is not null && string.IsNullOrWhiteSpace(options.AuthorizationPolicy))
        {
            errors.Add($"{section}:AuthorizationPolicy must name a policy registered with AddAuthorization, or be unset.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
