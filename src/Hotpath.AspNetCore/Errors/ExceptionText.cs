using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Hotpath.Symbols;

namespace Hotpath.AspNetCore.Errors;

/// <summary>What the error log keeps of an exception: its text, its throw site and its group id.</summary>
internal static class ExceptionText
{
    /// <summary>
    /// The exception as the runtime prints it (type, message, stack, inner exceptions). .NET already names async frames
    /// by their source method there (<c>at Orders.LoadAsync()</c>, not <c>&lt;LoadAsync&gt;d__3.MoveNext()</c>), which is
    /// cleaner than re-formatting each frame.
    /// </summary>
    public static string Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        try
        {
            return exception.ToString();
        }
        catch (Exception ex)
        {
            // A user exception's ToString override may throw; keep what is certain.
            return exception.GetType().FullName + ": (ToString failed: " + ex.GetType().Name + ")" + Environment.NewLine + exception.StackTrace;
        }
    }

    /// <summary>
    /// The top frame of user code (not System.*, Microsoft.*), an async state machine resolved to its method, by its full
    /// name (namespace and type: it is part of the group's identity, and short display names can collide); the top frame
    /// when all are framework frames; "(no stack)" when none.
    /// </summary>
    public static string SiteOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var frames = new StackTrace(exception, fNeedFileInfo: false).GetFrames();
        MethodBase? first = null;
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            if (method is null)
            {
                continue;
            }

            first ??= method;
            if (!IsFramework(method))
            {
                return RuntimeName(method);
            }
        }

        return first is null ? "(no stack)" : RuntimeName(first);
    }

    /// <summary>The group id of a type and site: the same in every process.</summary>
    public static string GroupId(string type, string site)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(type + "\n" + site));
        return Convert.ToHexString(hash.AsSpan(0, 8)).ToLowerInvariant();
    }

    private static bool IsFramework(MethodBase method)
    {
        // Hotpath's own wrappers (hidden from stack traces) are not where anything was thrown.
        if (method.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false) || method.DeclaringType?.Assembly == typeof(ExceptionText).Assembly
            || (method.DeclaringType?.DeclaringType ?? method.DeclaringType)?.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false) == true)
        {
            return true;
        }

        var assembly = method.DeclaringType?.Assembly.GetName().Name ?? string.Empty;
        return assembly.StartsWith("System", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.", StringComparison.Ordinal)
            || assembly == "mscorlib" || assembly == "netstandard";
    }

    // Namespace.Type.Method, with an async/iterator state machine's MoveNext named after the method it came from.
    private static string RuntimeName(MethodBase method)
    {
        var type = method.DeclaringType;
        if (type is null)
        {
            return method.Name;
        }

        if (method.Name == "MoveNext" && type.DeclaringType is { } outer && type.Name.StartsWith('<'))
        {
            // <LoadAsync>d__3 → LoadAsync; a lambda's <<Main>b__0_0>d → <Main>b__0_0 (DisplayNames spells lambdas).
            var end = type.Name.LastIndexOf('>');
            if (end > 1)
            {
                return TypeName(outer) + "." + type.Name[1..end];
            }
        }

        return TypeName(type) + "." + method.Name;
    }

    private static string TypeName(Type type) => (type.FullName ?? type.Name).Replace('+', '.');
}
