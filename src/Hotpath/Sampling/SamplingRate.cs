using System.Globalization;

namespace Hotpath.Sampling;

/// <summary>
/// The runtime's sampling interval. EventPipe reads it once, at process start, from
/// <c>DOTNET_EventPipeThreadSamplingRate</c> (or <c>COMPlus_EventPipeThreadSamplingRate</c>): a whole number of
/// milliseconds written in HEXADECIMAL, like every runtime DWORD setting (<c>A</c> is 10 ms; <c>10</c> is 16 ms).
/// Unset, the runtime samples every 1 ms.
/// </summary>
public static class SamplingRate
{
    /// <summary>The environment variable the runtime reads.</summary>
    public const string EnvironmentVariable = "DOTNET_EventPipeThreadSamplingRate";

    /// <summary>The runtime's interval when the variable is not set, in milliseconds.</summary>
    public const int RuntimeDefaultMs = 1;

    /// <summary>The interval the runtime of this process uses, in milliseconds, as read from its start-up environment.</summary>
    public static int CurrentMs => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads the interval from an environment (for a process about to be started, or this one).</summary>
    public static int FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var raw = getVariable(EnvironmentVariable) ?? getVariable("COMPlus_EventPipeThreadSamplingRate");
        return TryParse(raw, out var ms) && ms > 0 ? ms : RuntimeDefaultMs;
    }

    /// <summary>Parses a value as the runtime does: hexadecimal, with or without a <c>0x</c> prefix.</summary>
    public static bool TryParse(string? value, out int milliseconds)
    {
        milliseconds = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out milliseconds);
    }

    /// <summary>Formats an interval the way the runtime wants it in the environment variable.</summary>
    public static string ToEnvironmentValue(int milliseconds) =>
        milliseconds.ToString("X", CultureInfo.InvariantCulture);
}
