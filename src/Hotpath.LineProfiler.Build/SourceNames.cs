using System.Text;
using Mono.Cecil;

namespace Hotpath.LineProfiler.Build;

/// <summary>
/// Names an instrumented method after the source function it came from, <c>Namespace.Type.Method</c>: a state machine's
/// MoveNext after its kick-off method, a lambda as <c>Outer.&lt;lambda&gt;</c>, a local function as <c>Outer.Local</c>,
/// compiler-generated closure and state-machine types skipped.
/// </summary>
internal static class SourceNames
{
    public static string Of(MethodDefinition method, out MethodDefinition source)
    {
        source = method;
        for (var guard = 0; guard < 8 && source.DebugInformation?.StateMachineKickOffMethod is { } kickoff; guard++)
        {
            source = kickoff;
        }

        var type = source.DeclaringType;
        while (type.Name.StartsWith('<') && type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return TypeName(type) + "." + MethodName(source.Name);
    }

    /// <summary>The name of the method a lambda or local function was declared in, or null.</summary>
    public static string? OuterMethod(string name)
    {
        if (!name.StartsWith('<'))
        {
            return null;
        }

        var close = name.IndexOf('>', StringComparison.Ordinal);
        return close > 1 ? name[1..close] : null;
    }

    public static string TypeName(TypeDefinition type)
    {
        var parts = new List<string>();
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            parts.Add(StripArity(t.Name));
            if (t.DeclaringType is null && t.Namespace.Length > 0)
            {
                parts.Add(t.Namespace);
            }
        }

        parts.Reverse();
        return string.Join('.', parts);
    }

    private static string MethodName(string name)
    {
        var outer = OuterMethod(name);
        if (outer is null)
        {
            return name;
        }

        var rest = name[(outer.Length + 2)..];
        if (rest.StartsWith("b__", StringComparison.Ordinal))
        {
            return outer + ".<lambda>";
        }

        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            var bar = rest.IndexOf('|', StringComparison.Ordinal);
            return outer + "." + (bar > 3 ? rest[3..bar] : rest[3..]);
        }

        return new StringBuilder(outer).Append('.').Append(rest).ToString();
    }

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
