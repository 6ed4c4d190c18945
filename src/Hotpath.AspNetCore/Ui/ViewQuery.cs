using System.Globalization;
using Hotpath.Analysis;
using Hotpath.Model;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// What the views (tree, callers, flame graph) read: a <see cref="ProfileFilter"/> from scope=, endpoint=, request=,
/// measure=, plus the "just my code" switch (jmc=). A minimal parser until the shared ProfileFilterQuery lands.
/// </summary>
internal sealed class ViewQuery
{
    internal const int MaxEndpointLength = 1000;

    public required ProfileFilter Filter { get; init; }

    public bool JustMyCode { get; init; }

    /// <summary>The filter and switch as a cache key (for the ETag).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Filter.Scope}|{Filter.Measure}|{Filter.Endpoint}|{Filter.RequestId}|{JustMyCode}");

    public static ViewQuery? Parse(IQueryCollection query, out string? error)
    {
        error = null;
        var scope = ProfileScope.Requests;
        switch ((string?)query["scope"])
        {
            case null or "" or "requests":
                break;
            case "process":
                scope = ProfileScope.Process;
                break;
            default:
                error = "scope must be 'requests' or 'process'.";
                return null;
        }

        var measure = ProfileMeasure.Cpu;
        switch ((string?)query["measure"])
        {
            case null or "" or "cpu":
                break;
            case "wait":
                measure = ProfileMeasure.Wait;
                break;
            default:
                error = "measure must be 'cpu' or 'wait'.";
                return null;
        }

        var endpoint = (string?)query["endpoint"];
        if (string.IsNullOrEmpty(endpoint))
        {
            endpoint = null;
        }
        else if (endpoint.Length > MaxEndpointLength)
        {
            error = $"endpoint is longer than {MaxEndpointLength} characters.";
            return null;
        }

        long? request = null;
        var requestText = (string?)query["request"];
        if (!string.IsNullOrEmpty(requestText))
        {
            if (!long.TryParse(requestText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                error = "request must be a request id (a positive whole number) from api/requests.";
                return null;
            }

            request = id;
        }

        var jmcText = (string?)query["jmc"];
        if (jmcText is not (null or "" or "true" or "false"))
        {
            error = "jmc must be 'true' or 'false'.";
            return null;
        }

        return new ViewQuery
        {
            Filter = new ProfileFilter { Scope = scope, Measure = measure, Endpoint = endpoint, RequestId = request },
            JustMyCode = jmcText == "true",
        };
    }

    /// <summary>
    /// The view the query describes, transformed: Hotpath's own frames folded out of request stacks, endpoint and
    /// request stacks re-rooted as the request ran, and "just my code" when asked.
    /// </summary>
    /// <exception cref="NotSupportedException">The snapshot cannot narrow to an endpoint or request.</exception>
    public ProfileView Apply(ProfileSnapshot snapshot)
    {
        var view = ProfileView.Create(snapshot, Filter);
        if (Filter.Scope == ProfileScope.Requests || Filter.Endpoint is not null || Filter.RequestId is not null)
        {
            view = ViewTransforms.FoldOwnFrames(view);
        }

        if (Filter.Endpoint is not null || Filter.RequestId is not null)
        {
            var root = Filter.RequestId is { } id ? string.Create(CultureInfo.InvariantCulture, $"request {id}") : Filter.Endpoint!;
            view = ViewTransforms.AsRequestRan(view, root);
        }

        return JustMyCode ? ViewTransforms.JustMyCode(view) : view;
    }
}
