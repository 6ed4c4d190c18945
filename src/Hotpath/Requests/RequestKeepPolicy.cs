using System.Security.Cryptography;
using System.Text;

namespace Hotpath.Requests;

/// <summary>
/// Decides which completed requests keep their own profile: every request when <see cref="KeepAll"/> (the Development
/// default, within the caps); else requests slower than <see cref="SlowRequestMs"/>, a random fraction
/// <see cref="SampleRate"/> of the rest, and any request that carried the on-demand secret.
/// </summary>
internal sealed class RequestKeepPolicy
{
    private readonly byte[]? _secret;

    public RequestKeepPolicy(bool keepAll, double? slowRequestMs, double sampleRate, string? onDemandSecret)
    {
        KeepAll = keepAll;
        SlowRequestMs = slowRequestMs;
        SampleRate = Math.Clamp(sampleRate, 0, 1);
        _secret = string.IsNullOrEmpty(onDemandSecret) ? null : Encoding.UTF8.GetBytes(onDemandSecret);
    }

    public bool KeepAll { get; }

    public double? SlowRequestMs { get; }

    public double SampleRate { get; }

    /// <summary>Whether an on-demand secret is configured (only then is the header read).</summary>
    public bool HasOnDemandSecret => _secret is not null;

    /// <summary>Why <paramref name="record"/> keeps its profile (<c>all</c>, <c>on-demand</c>, <c>slow</c>, <c>sampled</c>), or null.</summary>
    /// <param name="record">A completed request.</param>
    /// <param name="onDemandValue">The on-demand header's value, when the request had one.</param>
    public string? Decide(RequestRecord record, string? onDemandValue)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (KeepAll)
        {
            return "all";
        }

        if (onDemandValue is not null && MatchesSecret(onDemandValue))
        {
            return "on-demand";
        }

        if (SlowRequestMs is { } slow && record.DurationMs >= slow)
        {
            return "slow";
        }

        return SampleRate > 0 && Random.Shared.NextDouble() < SampleRate ? "sampled" : null;
    }

    /// <summary>Compares in constant time (for equal lengths), so the secret cannot be guessed byte by byte from timing.</summary>
    public bool MatchesSecret(string value)
    {
        if (_secret is null || value.Length > 1024)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var length = Encoding.UTF8.GetBytes(value, buffer);
        return CryptographicOperations.FixedTimeEquals(buffer[..length], _secret);
    }
}
