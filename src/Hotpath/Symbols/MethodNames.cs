namespace Hotpath.Symbols;

/// <summary>
/// Formats a method's name from the runtime's (namespace, name, signature) triple exactly as TraceLog names JIT-compiled
/// methods: <c>Namespace.Type.Method(parameters)</c>, the return type dropped. Precompiled (ReadyToRun) code named
/// from entry-point events and the same method after re-JIT must come out identical, or one method splits into two rows.
/// </summary>
internal static class MethodNames
{
    public static string Format(string? typeName, string? methodName, string? signature)
    {
        var name = string.IsNullOrEmpty(typeName) ? methodName ?? string.Empty : typeName + "." + methodName;
        if (string.IsNullOrEmpty(signature))
        {
            return name;
        }

        var paren = signature.IndexOf('(', StringComparison.Ordinal);
        return paren >= 0 ? name + signature[paren..] : name;
    }
}
