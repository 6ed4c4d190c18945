namespace Hotpath.Requests;

/// <summary>Caps of the request store.</summary>
/// <param name="MaxRequests">The most records kept; the oldest is evicted first.</param>
/// <param name="MaxBytes">An estimate of the bytes the records may use; past it the oldest are evicted.</param>
internal sealed record RequestStoreOptions(int MaxRequests = 5_000, long MaxBytes = 16L * 1024 * 1024)
{
    public static RequestStoreOptions Default { get; } = new();
}
