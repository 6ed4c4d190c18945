using Hotpath.Requests;

namespace Hotpath.AspNetCore.Requests;

/// <summary>
/// Set on every request Hotpath profiles (<c>HttpContext.Features.Get&lt;IHotpathRequestFeature&gt;()</c>): the link
/// from a request to its <see cref="RequestRecord"/>, its profile, its errors and its pipeline.
/// </summary>
public interface IHotpathRequestFeature
{
    /// <summary>The request's record.</summary>
    RequestRecord Record { get; }
}
