using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// The routes of the profile UI, API and exports, relative to <see cref="HotpathOptions.Path"/> (<c>api/functions</c>,
/// <c>api/requests/{id}</c>). One table, served by the middleware and by <c>MapHotpath</c> alike.
/// </summary>
internal sealed class ProfileRoutes
{
    private readonly List<ProfileRoute> _routes = new();

    public IReadOnlyList<ProfileRoute> All => _routes;

    /// <summary>A read-only route (GET, and HEAD answered like GET without a body).</summary>
    public void MapGet(string template, RequestDelegate handler) => Add(HttpMethods.Get, template, handler, stateChanging: false);

    /// <summary>A state-changing route: POST, refused unless it carries a valid antiforgery token.</summary>
    public void MapPost(string template, RequestDelegate handler) => Add(HttpMethods.Post, template, handler, stateChanging: true);

    /// <summary>Finds the route for a path below the profile path (no leading slash); fills route values on a match.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="path">The path relative to the profile path, without a leading slash.</param>
    /// <param name="values">Receives the route values.</param>
    /// <param name="pathMatched">Whether some route has this path (for 405 rather than 404).</param>
    public ProfileRoute? Match(string method, string path, RouteValueDictionary values, out bool pathMatched)
    {
        pathMatched = false;
        var requestPath = new PathString("/" + path);
        foreach (var route in _routes)
        {
            values.Clear();
            if (!route.Matcher.TryMatch(requestPath, values))
            {
                continue;
            }

            pathMatched = true;
            if (route.Method == method || (route.Method == HttpMethods.Get && HttpMethods.IsHead(method)))
            {
                return route;
            }
        }

        values.Clear();
        return null;
    }

    private void Add(string method, string template, RequestDelegate handler, bool stateChanging)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(handler);
        var parsed = TemplateParser.Parse(template.TrimStart('/'));
        _routes.Add(new ProfileRoute(method, template.TrimStart('/'), handler, stateChanging, new TemplateMatcher(parsed, new RouteValueDictionary())));
    }
}

/// <summary>One route of the profile API.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Template">The route template relative to the profile path.</param>
/// <param name="Handler">What answers it.</param>
/// <param name="StateChanging">Whether it needs an antiforgery token.</param>
/// <param name="Matcher">Matches request paths against the template.</param>
internal sealed record ProfileRoute(string Method, string Template, RequestDelegate Handler, bool StateChanging, TemplateMatcher Matcher);
