using Hotpath.AspNetCore.Errors;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// The error log: <c>GET api/errors</c> (groups by exception type and throw site) and <c>GET api/errors/{id}</c> (one
/// group with its kept occurrences, each with its stack trace and redacted request).
/// </summary>
internal sealed class ErrorsApi(ErrorLog log, ErrorStoreStatus store) : IProfileApi
{
    public void Map(ProfileRoutes routes)
    {
        routes.MapGet("api/errors", ListAsync);
        routes.MapGet("api/errors/{id}", GroupAsync);
    }

    private Task ListAsync(HttpContext context)
    {
        var body = new
        {
            errors = log.Groups().Select(Summary),
            evictedGroups = log.EvictedGroups,
            store = store.Describe(),
        };
        return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    private Task GroupAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        if (log.Find(id) is not { } group)
        {
            return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status404NotFound, new { error = $"No error group '{id}' (it may have been evicted, or the log cleared)." });
        }

        var body = new
        {
            id = group.Id,
            type = group.Type,
            message = group.Message,
            site = group.Site,
            count = group.Count,
            firstSeen = group.FirstSeen,
            lastSeen = group.LastSeen,
            handledBy = group.HandledBy,
            occurrences = group.Occurrences.Select(o => new
            {
                id = o.Id,
                at = o.At,
                message = o.Message,
                handledBy = o.HandledBy,
                stackTrace = o.StackTrace,
                request = o.Request,
                requestId = o.RequestId,
            }),
        };
        return ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    private static object Summary(ErrorGroup g) => new
    {
        id = g.Id,
        type = g.Type,
        message = g.Message,
        site = g.Site,
        count = g.Count,
        firstSeen = g.FirstSeen,
        lastSeen = g.LastSeen,
        handledBy = g.HandledBy,
    };
}
