using System.Globalization;
using Hotpath.Analysis;
using Hotpath.AspNetCore.Hosting;
using Hotpath.Model;
using Hotpath.Symbols;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hotpath.AspNetCore.Ui;

/// <summary>
/// The call tree (<c>api/tree</c>), callers and callees (<c>api/callers</c>), flame graph (<c>api/flame</c>) and the
/// profile's version (<c>api/version</c>, for live update). Each view honours scope=, endpoint=, request=, measure= and
/// jmc=, answers with an ETag of the profile's version, and a 304 when nothing changed.
/// </summary>
internal sealed class ViewsApi : IProfileApi
{
    private const int MaxDepth = 64;
    private const int MaxChildren = 500;
    private const double DefaultMinShare = 1.0 / 5000;
    private readonly ProfilerHost _host;
    private readonly object _cacheGate = new();
    private readonly Dictionary<string, (ProfileView View, CallTree Tree)> _cache = new(StringComparer.Ordinal);
    private string? _cacheVersion;

    public ViewsApi(ProfilerHost host)
    {
        _host = host;
    }

    public void Map(ProfileRoutes routes)
    {
        routes.MapGet("api/version", context => ProfileHttp.WriteJsonAsync(context, StatusCodes.Status200OK, new { version = Version() }));
        routes.MapGet("api/tree", context => AnswerAsync(context, "tree", Tree));
        routes.MapGet("api/callers", context => AnswerAsync(context, "callers", Callers));
        routes.MapGet("api/flame", context => AnswerAsync(context, "flame", Flame));
    }

    /// <summary>Changes whenever samples are added or the profile is cleared.</summary>
    private string Version()
    {
        var accumulator = _host.Profiler.Accumulator;
        var aggregator = accumulator.Aggregator;
        return string.Create(CultureInfo.InvariantCulture, $"{accumulator.Generation}.{aggregator.ProcessSamples}.{aggregator.ProcessWaitSamples}");
    }

    private async Task AnswerAsync(HttpContext context, string kind, Func<HttpContext, ViewQuery, (ProfileView View, CallTree Tree), (int Status, object Body)> build)
    {
        var query = ViewQuery.Parse(context.Request.Query, out var error);
        if (query is null)
        {
            await ProfileHttp.BadRequestAsync(context, error!).ConfigureAwait(false);
            return;
        }

        var version = Version();
        var etag = new EntityTagHeaderValue("\"" + Hash(kind + "|" + version + "|" + query.Key + "|" + context.Request.QueryString.Value) + "\"");
        if (context.Request.Headers.IfNoneMatch.ToString() == etag.Tag.Value)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        (ProfileView View, CallTree Tree) view;
        try
        {
            if (query.Filter.RequestId is not null && ProfileFilterQuery.Unavailable(_host.Snapshot(), query.Filter) is { } missing)
            {
                await ProfileHttp.WriteJsonAsync(context, StatusCodes.Status404NotFound, new { error = missing }).ConfigureAwait(false);
                return;
            }

            view = Computed(version, query);
        }
        catch (NotSupportedException e)
        {
            await ProfileHttp.BadRequestAsync(context, e.Message).ConfigureAwait(false);
            return;
        }

        var (status, body) = build(context, query, view);
        if (status == StatusCodes.Status200OK)
        {
            context.Response.Headers.ETag = etag.ToString();
            context.Response.Headers.CacheControl = "no-cache";
        }

        await ProfileHttp.WriteJsonAsync(context, status, body).ConfigureAwait(false);
    }

    /// <summary>
    /// The transformed view and its call tree for one query at one profile version. The tabs of one page ask for the
    /// same view in turn (flame graph, tree, callers), so the few latest are kept until the profile changes.
    /// </summary>
    private (ProfileView View, CallTree Tree) Computed(string version, ViewQuery query)
    {
        lock (_cacheGate)
        {
            if (_cacheVersion == version && _cache.TryGetValue(query.Key, out var hit))
            {
                return hit;
            }
        }

        var endpoint = query.Filter.RequestId is { } id ? _host.Profiler.Accumulator.Requests.Find(id)?.Endpoint : null;
        var view = query.Apply(_host.Snapshot(), endpoint);
        var result = (view, CallTree.Compute(view));
        lock (_cacheGate)
        {
            if (_cacheVersion != version || _cache.Count >= 4)
            {
                _cache.Clear();
                _cacheVersion = version;
            }

            _cache[query.Key] = result;
        }

        return result;
    }

    private static (int, object) Tree(HttpContext context, ViewQuery query, (ProfileView View, CallTree Tree) computed)
    {
        var (view, tree) = computed;
        if (!TryInt(context.Request.Query["node"], 0, 0, tree.NodeCount - 1, out var node))
        {
            return (StatusCodes.Status400BadRequest, new { error = $"node must be a node id between 0 and {tree.NodeCount - 1}." });
        }

        if (!TryInt(context.Request.Query["depth"], 2, 0, MaxDepth, out var depth))
        {
            return (StatusCodes.Status400BadRequest, new { error = $"depth must be a whole number from 0 to {MaxDepth}." });
        }

        return (StatusCodes.Status200OK, new
        {
            filter = Describe(query),
            total = view.Total,
            intervalMs = Math.Round(view.IntervalMs, 3),
            root = TreeNode(tree, node, depth),
        });
    }

    private static object TreeNode(CallTree tree, int node, int depth)
    {
        var view = tree.View;
        var frame = tree.Frame(node);
        var parent = tree.Parent(node);
        var children = tree.Children(node);
        var shown = new List<object>();
        var populated = 0;
        foreach (var child in children)
        {
            if (tree.Total(child) == 0)
            {
                continue;
            }

            populated++;
            if (depth > 0 && shown.Count < MaxChildren)
            {
                shown.Add(TreeNode(tree, child, depth - 1));
            }
        }

        return new
        {
            id = node,
            function = frame,
            name = frame < 0 ? "[root]" : view.Frames[frame].Name,
            display = frame < 0 ? "[root]" : DisplayNames.Of(view.Frames[frame]),
            module = frame < 0 ? string.Empty : view.Frames[frame].Module,
            self = tree.Self(node),
            total = tree.Total(node),
            totalMs = Math.Round(tree.Total(node) * view.IntervalMs, 1),
            pctTotal = ProfileHttp.Percent(tree.Total(node), view.Total),
            pctParent = parent < 0 ? 100.0 : ProfileHttp.Percent(tree.Total(node), tree.Total(parent)),
            childCount = populated,
            children = depth > 0 ? shown : null,
        };
    }

    private static (int, object) Callers(HttpContext context, ViewQuery query, (ProfileView View, CallTree Tree) computed)
    {
        var view = computed.View;
        var text = (string?)context.Request.Query["function"];
        var function = FindFunction(view, text);
        if (function < 0)
        {
            return (StatusCodes.Status400BadRequest, new { error = "function must be a function id (from api/functions, api/tree or api/flame) or a function's full runtime name in this profile." });
        }

        var result = CallersCallees.Compute(view, function);
        object Edge((int Frame, long Samples) e) => new
        {
            id = e.Frame,
            name = e.Frame < 0 ? "[root]" : view.Frames[e.Frame].Name,
            display = e.Frame < 0 ? "[stack root]" : DisplayNames.Of(view.Frames[e.Frame]),
            module = e.Frame < 0 ? string.Empty : view.Frames[e.Frame].Module,
            samples = e.Samples,
            ms = Math.Round(e.Samples * view.IntervalMs, 1),
            pct = ProfileHttp.Percent(e.Samples, result.Total),
        };

        var f = view.Frames[function];
        return (StatusCodes.Status200OK, new
        {
            filter = Describe(query),
            total = view.Total,
            intervalMs = Math.Round(view.IntervalMs, 3),
            function = new
            {
                id = function,
                name = f.Name,
                display = DisplayNames.Of(f),
                module = f.Module,
                file = f.File,
                line = f.Line,
                self = result.Self,
                total = result.Total,
                selfMs = Math.Round(result.Self * view.IntervalMs, 1),
                totalMs = Math.Round(result.Total * view.IntervalMs, 1),
                totalPct = ProfileHttp.Percent(result.Total, view.Total),
            },
            callers = result.Callers.Select(Edge),
            callees = result.Callees.Select(Edge),
        });
    }

    private static (int, object) Flame(HttpContext context, ViewQuery query, (ProfileView View, CallTree Tree) computed)
    {
        var (view, tree) = computed;
        if (!TryInt(context.Request.Query["node"], 0, 0, tree.NodeCount - 1, out var root))
        {
            return (StatusCodes.Status400BadRequest, new { error = $"node must be a node id between 0 and {tree.NodeCount - 1}." });
        }

        var minShare = DefaultMinShare;
        var shareText = (string?)context.Request.Query["minShare"];
        if (!string.IsNullOrEmpty(shareText)
            && (!double.TryParse(shareText, NumberStyles.Float, CultureInfo.InvariantCulture, out minShare) || minShare is < 0 or > 1))
        {
            return (StatusCodes.Status400BadRequest, new { error = "minShare must be a fraction from 0 to 1 (subtrees below that share of the shown root are left out)." });
        }

        // Subtrees too small to draw are left out (a 2,000-pixel canvas cannot show 1/5000 of its width); zooming in asks
        // again with node= so the detail below the zoomed frame comes back.
        var flame = FlameGraph.Compute(tree, (long)Math.Ceiling(tree.Total(root) * minShare), root);

        // Only the frames the graph uses travel, renumbered; ids[] maps them back for api/callers.
        var remap = new Dictionary<int, int>();
        var ids = new List<int>();
        var frameOf = new int[flame.Frame.Length];
        for (var i = 0; i < flame.Frame.Length; i++)
        {
            var f = flame.Frame[i];
            if (f < 0)
            {
                frameOf[i] = -1;
                continue;
            }

            if (!remap.TryGetValue(f, out var local))
            {
                local = ids.Count;
                remap[f] = local;
                ids.Add(f);
            }

            frameOf[i] = local;
        }

        return (StatusCodes.Status200OK, new
        {
            filter = Describe(query),
            total = view.Total,
            root,
            intervalMs = Math.Round(view.IntervalMs, 3),
            frames = new
            {
                id = ids,
                name = ids.Select(f => view.Frames[f].Name),
                display = ids.Select(f => DisplayNames.Of(view.Frames[f])),
                module = ids.Select(f => view.Frames[f].Module),
            },
            entries = new { node = flame.Node, frame = frameOf, depth = flame.Depth, total = flame.Total, self = flame.Self },
        });
    }

    private static int FindFunction(ProfileView view, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return -1;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id < view.Frames.Count ? id : -1;
        }

        for (var f = 0; f < view.Frames.Count; f++)
        {
            if (view.Frames[f].Name == text || view.Frames[f].DisplayName == text)
            {
                return f;
            }
        }

        return -1;
    }

    private static object Describe(ViewQuery query) => new
    {
        scope = query.Filter.Scope == ProfileScope.Requests ? "requests" : "process",
        endpoint = query.Filter.Endpoint,
        request = query.Filter.RequestId,
        measure = query.Filter.Measure == ProfileMeasure.Wait ? "wait" : "cpu",
        jmc = query.JustMyCode,
    };

    private static bool TryInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return fallback >= min && fallback <= Math.Max(min, max);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static string Hash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0, 12);
}
