namespace Hotpath.AspNetCore.Errors;

/// <summary>The request an error happened in, redacted: no secret header, cookie or query value, never the body.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path (without the query).</param>
/// <param name="Query">The query string with sensitive values redacted.</param>
/// <param name="Endpoint">The route or endpoint name, when routing had chosen one.</param>
/// <param name="Status">The status code sent.</param>
/// <param name="Headers">The request headers, sensitive ones redacted.</param>
/// <param name="User">The authenticated user's name, or null.</param>
/// <param name="TraceId">The W3C trace id, or null.</param>
/// <param name="RequestId">Hotpath's id of the request (its <c>RequestRecord.Id</c>), or null when it was not profiled.</param>
internal sealed record ErrorRequest(
    string Method,
    string Path,
    string Query,
    string? Endpoint,
    int Status,
    IReadOnlyDictionary<string, string> Headers,
    string? User,
    string? TraceId,
    long? RequestId);
