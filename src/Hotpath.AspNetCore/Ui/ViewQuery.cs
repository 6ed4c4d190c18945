using System.Globalization;
using Hotpath.Analysis;
using Hotpath.Model;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// What the views (tree, callers, flame graph) read: a <see cref="ProfileFilter"/> from scope=, endpoint=, request=,
/// measure= (parsed by the shared <see cref="ProfileFilterQuery"/>), plus the "just my code" switch (jmc=).
/// </summary>
internal sealed class ViewQuery
{
    public required ProfileFilter Filter { get; init; }

    public bool JustMyCode { get; init; }

    /// <summary>The filter and switch as a cache key (for the ETag).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Filter.Scope}|{Filter.Measure}|{Filter.Endpoint}|{Filter.RequestId}|{JustMyCode}");

    public static ViewQuery? Parse(IQueryCollection query, out string? error)
    {
        if (!ProfileFilterQuery.TryParse(query, out var filter, out error))
        {
            return null;
        }

        var jmcText = (string?)query["jmc"];
        if (jmcText is not (null or "" or "true" or "false"))
        {
            error = "jmc must be 'true' or 'false'.";
            return null;
        }

        return new ViewQuery { Filter = filter, JustMyCode = jmcText == "true" };
    }

    /// <summary>
    /// The view the query describes, transformed: Hotpath's own frames folded out of request stacks, endpoint and
    /// request stacks re-rooted as the request ran, and "just my code" when asked.
    /// </summary>
    /// <exception cref="NotSupportedException">The snapshot cannot narrow to an endpoint or request.</exception>
    /// <param name="snapshot">The profile.</param>
    /// <param name="requestEndpoint">The endpoint of the request the filter names, when known (it names the root).</param>
    public ProfileView Apply(ProfileSnapshot snapshot, string? requestEndpoint = null)
    {
        var view = ProfileView.Create(snapshot, Filter);
        if (Filter.Scope == ProfileScope.Requests || Filter.Endpoint is not null || Filter.RequestId is not null)
        {
            view = ViewTransforms.FoldOwnFrames(view);
        }

        if (Filter.Endpoint is not null || Filter.RequestId is not null)
        {
            var root = Filter.RequestId is { } id
                ? string.Create(CultureInfo.InvariantCulture, $"{requestEndpoint ?? Filter.Endpoint ?? "request"} · request {id}")
                : Filter.Endpoint!;
            view = ViewTransforms.AsRequestRan(view, root);
        }

        return JustMyCode ? ViewTransforms.JustMyCode(view) : view;
    }
}
