using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore;

/// <summary>Validates <see cref="HotpathOptions"/> at start-up with messages that say what to change.</summary>
internal sealed class HotpathOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<HotpathOptions>
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
            else if (options.Enabled && CheckWritable(options.LogFile) is { } problem)
            {
                errors.Add($"{section}:LogFile {problem} Choose a file in a folder the application may write to, or unset it.");
            }
        }

        if (options.MaxRequests is < 1 or > 1_000_000)
        {
            errors.Add($"{section}:MaxRequests must be between 1 and 1000000 (got {options.MaxRequests}).");
        }

        if (options.MaxRequestMegabytes is < 1 or > 4096)
        {
            errors.Add($"{section}:MaxRequestMegabytes must be between 1 and 4096 (got {options.MaxRequestMegabytes}).");
        }

        if (options.RequestSampleRate is { } rate && !(rate >= 0 && rate <= 1))
        {
            errors.Add($"{section}:RequestSampleRate must be between 0 and 1, e.g. 0.01 to keep one request in a hundred (got {rate}); unset keeps all in Development and none elsewhere.");
        }

        if (options.SlowRequestMs is < 0)
        {
            errors.Add($"{section}:SlowRequestMs must be zero or more milliseconds, or unset (got {options.SlowRequestMs}).");
        }

        if (options.OnDemandSecret is { } secret && secret.Length < 16)
        {
            errors.Add($"{section}:OnDemandSecret must be at least 16 characters (a guessable secret lets anyone keep profiles), or unset.");
        }

        if (options.OnDemandSecret is not null && string.IsNullOrWhiteSpace(options.OnDemandHeader))
        {
            errors.Add($"{section}:OnDemandHeader must name a request header, e.g. 'X-Hotpath-Profile', when OnDemandSecret is set.");
        }

        if (options.AuthorizationPolicy is not null && string.IsNullOrWhiteSpace(options.AuthorizationPolicy))
        {
            errors.Add($"{section}:AuthorizationPolicy must name a policy registered with AddAuthorization, or be unset.");
        }

        if (options.ErrorStore is not null && (string.IsNullOrWhiteSpace(options.ErrorStore)
            || options.ErrorStore.AsSpan().IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || options.ErrorStore.EndsWith('/') || options.ErrorStore.EndsWith('\\')))
        {
            errors.Add($"{section}:ErrorStore must be a file path such as 'errors.hotpath.db', or unset (got '{options.ErrorStore}').");
        }

        if (options.MaxErrorGroups is < 1 or > 100_000)
        {
            errors.Add($"{section}:MaxErrorGroups must be between 1 and 100000 (got {options.MaxErrorGroups}).");
        }

        if (options.MaxOccurrencesPerGroup is < 1 or > 10_000)
        {
            errors.Add($"{section}:MaxOccurrencesPerGroup must be between 1 and 10000 (got {options.MaxOccurrencesPerGroup}).");
        }

        if (options.ErrorStoreQueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"{section}:ErrorStoreQueueCapacity must be between 1 and 1000000 (got {options.ErrorStoreQueueCapacity}).");
        }

        foreach (var pattern in options.RedactPatterns ?? [])
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern ?? throw new ArgumentException("null pattern"));
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{section}:RedactPatterns contains '{pattern}', which is not a valid regular expression ({ex.Message}).");
            }
        }

        if ((options.RedactHeaders ?? []).Concat(options.RedactQueryParameters ?? []).Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{section}:RedactHeaders and {section}:RedactQueryParameters must list names, without empty entries.");
        }

        if (options.LineReport == LineReportTarget.File && string.IsNullOrWhiteSpace(options.LineReportPath))
        {
            errors.Add($"{section}:LineReportPath must name a file (e.g. 'lines.txt') when {section}:LineReport is File.");
        }

        if (options.LineReportIntervalSeconds is < 0 or > 86_400)
        {
            errors.Add($"{section}:LineReportIntervalSeconds must be between 0 (at shutdown only) and 86400 (got {options.LineReportIntervalSeconds}).");
        }

        if (Hotpath.Lines.LineQuery.Parse(options.LineReportFunction, null, null, out var lineError) is null)
        {
            errors.Add($"{section}:LineReportFunction: {lineError}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Fails now rather than at shutdown, when the profile would be lost: creates the folder and a probe file in it.
    private string? CheckWritable(string logFile)
    {
        string full;
        try
        {
            full = environment is null ? Path.GetFullPath(logFile) : Path.GetFullPath(logFile, environment.ContentRootPath);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{logFile}' is not a usable path: {ex.Message}";
        }

        if (Directory.Exists(full))
        {
            return $"'{full}' is a folder, not a file.";
        }

        var folder = Path.GetDirectoryName(full)!;
        var probe = Path.Combine(folder, "." + Path.GetFileName(full) + ".probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return $"'{full}' cannot be written: {ex.Message}";
        }
    }
}
