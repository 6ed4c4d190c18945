using System.Reflection;
using System.Runtime.CompilerServices;
using Hotpath.Symbols;
using Microsoft.AspNetCore.Http;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// A readable name for a pipeline component, found from what <c>Use</c> was given: the middleware type for
/// <c>UseMiddleware&lt;T&gt;</c> (convention-based or <c>IMiddleware</c>: the type the framework's closure holds), the
/// class of the delegate it built (framework middleware such as DeveloperExceptionPageMiddlewareImpl), or, for inline
/// <c>app.Use</c> lambdas, the method the lambda was written in. Every name goes through <see cref="DisplayNames.Format"/>.
/// </summary>
internal static class MiddlewareNames
{
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static string Of(Func<RequestDelegate, RequestDelegate> component, RequestDelegate built)
    {
        ArgumentNullException.ThrowIfNull(component);
        try
        {
            if ((FieldOfType<Type>(component.Target) ?? FieldOfType<Type>(built.Target)) is { } middlewareType)
            {
                return DisplayNames.Format(TypeName(middlewareType));
            }

            if (built.Target is { } target && IsNamedClass(target.GetType()))
            {
                return DisplayNames.Format(TypeName(target.GetType()));
            }

            // app.Use(async (context, next) => ...) wraps the user's lambda in a closure of the framework's.
            var componentAssembly = component.Method.DeclaringType?.Assembly;
            if (FieldOfType<Delegate>(component.Target, d => d.Method.DeclaringType?.Assembly != componentAssembly) is { } lambda)
            {
                return MethodName(lambda.Method);
            }

            return MethodName(component.Method);
        }
        catch (Exception)
        {
            // Reflection on someone else's closure: a name is nice to have, never worth failing the pipeline for.
            return "middleware";
        }
    }

    internal static string MethodName(MethodInfo method) =>
        DisplayNames.Format(method.DeclaringType is { } type ? TypeName(type) + "." + method.Name : method.Name);

    private static T? FieldOfType<T>(object? target, Func<T, bool>? accept = null)
        where T : class
    {
        if (target is null)
        {
            return null;
        }

        foreach (var field in target.GetType().GetFields(Fields))
        {
            if (typeof(T).IsAssignableFrom(field.FieldType) && field.GetValue(target) is T value && (accept?.Invoke(value) ?? true))
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsNamedClass(Type type) =>
        !type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) && !type.Name.StartsWith('<')
        && type.FullName != "System.Runtime.CompilerServices.Closure";

    private static string TypeName(Type type) => type.FullName ?? type.Name;
}
