namespace Hotpath.Requests;

/// <summary>One endpoint's requests since the last clear: count, latency quantiles (±1%), server errors.</summary>
/// <param name="Endpoint">The endpoint's route pattern or display name; <c>(none)</c> for requests no endpoint handled.</param>
/// <param name="Requests">Requests completed.</param>
/// <param name="P50Ms">Median duration in milliseconds.</param>
/// <param name="P95Ms">95th percentile duration in milliseconds.</param>
/// <param name="P99Ms">99th percentile duration in milliseconds.</param>
/// <param name="Errors">Requests that failed (an exception escaped, or status 500 or above).</param>
public sealed record EndpointSummary(string Endpoint, long Requests, double P50Ms, double P95Ms, double P99Ms, long Errors);
