using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// Reads <c>httpContext</c> and <c>exception</c> from a diagnostic event's payload: the framework writes anonymous
/// objects (<c>new { httpContext, exception }</c>) or small classes with those property names.
/// </summary>
internal static class EventPayload
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo? Context, PropertyInfo? Exception)> Properties = new();

    public static HttpContext? Context(object? payload) => payload is null ? null : Of(payload.GetType()).Context?.GetValue(payload) as HttpContext;

    public static Exception? Exception(object? payload) => payload is null ? null : Of(payload.GetType()).Exception?.GetValue(payload) as Exception;

    private static (PropertyInfo? Context, PropertyInfo? Exception) Of(Type type) =>
        Properties.GetOrAdd(type, static t => (t.GetProperty("httpContext"), t.GetProperty("exception")));
}
