using System.Globalization;
using Hotpath.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// The one parser of the query parameters that select samples — <c>scope</c> (requests|process), <c>measure</c>
/// (cpu|wait), <c>endpoint</c> (a name as <c>api/endpoints</c> lists it) and <c>request</c> (an id from
/// <c>api/requests</c>) — into a <see cref="ProfileFilter"/>. Every view and export uses it, so they all accept the same
/// parameters with the same errors.
/// </summary>
internal static class ProfileFilterQuery
{
    public const int MaxEndpointLength = 500;

    /// <summary>Parses the filter; returns false with a message that says what to change when a value is bad.</summary>
    public static bool TryParse(IQueryCollection query, out ProfileFilter filter, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        filter = ProfileFilter.Requests;
        error = null;
        if (!Single(query, "scope", out var scopeText, ref error) || !Single(query, "measure", out var measureText, ref error)
            || !Single(query, "endpoint", out var endpoint, ref error) || !Single(query, "request", out var requestText, ref error))
        {
            return false;
        }

        ProfileScope scope;
        if (string.IsNullOrEmpty(scopeText) || scopeText.Equals("requests", StringComparison.OrdinalIgnoreCase))
        {
            scope = ProfileScope.Requests;
        }
        else if (scopeText.Equals("process", StringComparison.OrdinalIgnoreCase))
        {
            scope = ProfileScope.Process;
        }
        else
        {
            error = "scope must be 'requests' or 'process'.";
            return false;
        }

        ProfileMeasure measure;
        if (string.IsNullOrEmpty(measureText) || measureText.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            measure = ProfileMeasure.Cpu;
        }
        else if (measureText.Equals("wait", StringComparison.OrdinalIgnoreCase))
        {
            measure = ProfileMeasure.Wait;
        }
        else
        {
            error = "measure must be 'cpu' or 'wait'.";
            return false;
        }

        if (endpoint is not null && (endpoint.Length == 0 || endpoint.Length > MaxEndpointLength))
        {
            error = $"endpoint must name an endpoint as api/endpoints lists it (1 to {MaxEndpointLength} characters).";
            return false;
        }

        long? request = null;
        if (requestText is not null)
        {
            if (!long.TryParse(requestText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                error = "request must be a request id (a positive whole number) from api/requests.";
                return false;
            }

            request = id;
        }

        filter = new ProfileFilter { Scope = scope, Measure = measure, Endpoint = endpoint, RequestId = request };
        return true;
    }

    /// <summary>Null when the snapshot can answer the filter; otherwise why not (a request without a kept profile: 404).</summary>
    public static string? Unavailable(ProfileSnapshot snapshot, ProfileFilter filter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(filter);
        return filter.RequestId is { } id && !snapshot.HasRequest(id)
            ? $"Request {id} has no profile: it is unknown, did not keep one (see Hotpath:RequestSampleRate, SlowRequestMs, OnDemandSecret), or was evicted."
            : null;
    }

    private static bool Single(IQueryCollection query, string name, out string? value, ref string? error)
    {
        StringValues values = query[name];
        value = values.Count == 0 ? null : values[0];
        if (values.Count > 1)
        {
            error = $"{name} must be given at most once.";
            return false;
        }

        return true;
    }
}
