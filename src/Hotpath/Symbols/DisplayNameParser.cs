using System.Text;

namespace Hotpath.Symbols;

/// <summary>
/// Reads the runtime's method names (as <see cref="MethodNames"/> and TraceLog spell them) and writes C# spelling.
/// Returns null for anything it does not recognise, so the caller keeps the runtime name.
/// </summary>
internal static class DisplayNameParser
{
    private static readonly Dictionary<string, string> Primitives = new(StringComparer.Ordinal)
    {
        ["void"] = "void", ["bool"] = "bool", ["wchar"] = "char", ["int8"] = "sbyte", ["unsigned int8"] = "byte",
        ["int16"] = "short", ["unsigned int16"] = "ushort", ["int32"] = "int", ["unsigned int32"] = "uint",
        ["int64"] = "long", ["unsigned int64"] = "ulong", ["float32"] = "float", ["float64"] = "double",
        ["int"] = "nint", ["unsigned int"] = "nuint", ["typedbyref"] = "TypedReference", ["method"] = "delegate*",
    };

    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["System.Void"] = "void", ["System.Boolean"] = "bool", ["System.Char"] = "char", ["System.SByte"] = "sbyte",
        ["System.Byte"] = "byte", ["System.Int16"] = "short", ["System.UInt16"] = "ushort", ["System.Int32"] = "int",
        ["System.UInt32"] = "uint", ["System.Int64"] = "long", ["System.UInt64"] = "ulong", ["System.Single"] = "float",
        ["System.Double"] = "double", ["System.Decimal"] = "decimal", ["System.String"] = "string",
        ["System.Object"] = "object", ["System.IntPtr"] = "nint", ["System.UIntPtr"] = "nuint",
    };

    /// <summary>The display form of a whole method name, or null.</summary>
    public static string? Method(string name)
    {
        var paren = IndexAtDepth0(name, '(', 0);
        var qualified = paren < 0 ? name : name[..paren];
        string? parameters = null;
        if (paren >= 0)
        {
            if (!name.EndsWith(')'))
            {
                return null;
            }

            parameters = name[(paren + 1)..^1];
        }

        string typePart;
        string method;
        if (qualified.EndsWith("..ctor", StringComparison.Ordinal) || qualified.EndsWith("..cctor", StringComparison.Ordinal))
        {
            var dot = qualified.LastIndexOf("..", StringComparison.Ordinal);
            typePart = qualified[..dot];
            method = qualified[(dot + 1)..];
        }
        else
        {
            var segments = SplitAtDepth0(qualified, '.');
            if (segments.Count < 2)
            {
                return null;
            }

            // An explicit interface implementation puts the interface's namespace inside the method name:
            // KestrelConnection`1[System.__Canon].System.Threading.IThreadPoolWorkItem.Execute.
            var methodStart = segments.Count - 1;
            for (var i = 1; i < segments.Count - 1; i++)
            {
                if (segments[i] is "System" or "Microsoft")
                {
                    methodStart = i;
                    break;
                }
            }

            typePart = string.Join('.', segments.Take(methodStart));
            method = methodStart == segments.Count - 1
                ? segments[^1]
                : Type(string.Join('.', segments.Skip(methodStart).SkipLast(1)), null) + "." + segments[^1];
        }

        if (typePart == "dynamicClass")
        {
            return method;
        }

        var type = TypeChain.Parse(LastSegment(typePart));
        if (type is null)
        {
            return null;
        }

        var owner = type.Display(dropCompilerTypes: true);
        var stateMachine = type.StateMachineMethod;
        if (stateMachine is not null && method == "MoveNext")
        {
            return Join(owner, CompilerMethod(stateMachine, out _));
        }

        var source = CompilerMethod(method, out var compilerMade);
        // A lambda's parameters are the delegate's, not something people named: show only whose lambda it is.
        if (compilerMade && !method.Contains("g__", StringComparison.Ordinal))
        {
            return Join(owner, source);
        }

        if (type.IsClosure && !compilerMade)
        {
            // A method of a closure class that is not a lambda (rare): say whose closure it is.
            source = method + " (closure)";
        }

        return parameters is null ? Join(owner, source) : Join(owner, source) + "(" + Parameters(parameters, type) + ")";
    }

    /// <summary>The display form of one type, in either spelling (<c>class System.String</c>, <c>List`1[X]</c>).</summary>
    public static string Type(string text, TypeChain? context)
    {
        text = text.Trim();
        if (text.StartsWith("class ", StringComparison.Ordinal))
        {
            text = text[6..];
        }
        else if (text.StartsWith("value class ", StringComparison.Ordinal))
        {
            text = text[12..];
        }

        if (text.Length == 0)
        {
            return text;
        }

        if (text.EndsWith('&'))
        {
            return "ref " + Type(text[..^1], context);
        }

        if (text.EndsWith('*'))
        {
            return Type(text[..^1], context) + "*";
        }

        if (text.EndsWith(']'))
        {
            var open = text.LastIndexOf('[');
            if (open > 0 && text[(open + 1)..^1].All(c => c == ','))
            {
                return Type(text[..open], context) + text[open..];
            }
        }

        if (text.StartsWith("!!", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), out var mp))
        {
            return mp == 0 ? "U" : "U" + (mp + 1);
        }

        if (text[0] == '!' && int.TryParse(text.AsSpan(1), out var tp))
        {
            return context is null ? GenericName(tp, 1) : context.Argument(tp);
        }

        if (Primitives.TryGetValue(text, out var primitive))
        {
            return primitive;
        }

        if (Keywords.TryGetValue(text, out var keyword))
        {
            return keyword;
        }

        if (text.StartsWith("pMT: ", StringComparison.Ordinal))
        {
            return "?";
        }

        // Signature spelling: Name`1<args> with args in runtime spelling.
        var angle = text.IndexOf('<', StringComparison.Ordinal);
        var tick = text.IndexOf('`', StringComparison.Ordinal);
        if (tick > 0 && angle > tick && text.EndsWith('>'))
        {
            var baseName = text[..angle];
            var args = SplitAtDepth0(text[(angle + 1)..^1], ',').Select(a => Type(a, context)).ToList();
            if (baseName == "System.Nullable`1" && args.Count == 1)
            {
                return args[0] + "?";
            }

            var chain = TypeChain.Parse(LastSegment(baseName));
            return chain is null ? text : chain.Display(dropCompilerTypes: false, explicitArguments: args);
        }

        var parsed = TypeChain.Parse(LastSegment(text));
        return parsed is null ? text : parsed.Display(dropCompilerTypes: false);
    }

    /// <summary>A generic parameter's placeholder name: T for a single one, else T1, T2…</summary>
    public static string GenericName(int index, int arity) => arity <= 1 && index == 0 ? "T" : "T" + (index + 1);

    /// <summary>Splits on <paramref name="separator"/> outside &lt;&gt; and [] nesting.</summary>
    public static List<string> SplitAtDepth0(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '<' or '[')
            {
                depth++;
            }
            else if (c is '>' or ']')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c == separator && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static int IndexAtDepth0(string text, char wanted, int from)
    {
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c == wanted && depth == 0)
            {
                return i;
            }

            if (c is '<' or '[')
            {
                depth++;
            }
            else if (c is '>' or ']')
            {
                depth = Math.Max(0, depth - 1);
            }
        }

        return -1;
    }

    /// <summary>The last dotted segment of a full type name: the type with its nesting, without the namespace.</summary>
    private static string LastSegment(string typeName)
    {
        var segments = SplitAtDepth0(typeName, '.');
        return segments[^1];
    }

    /// <summary>
    /// The source method a compiler-made member name stands for: <c>&lt;Main&gt;b__0_0</c> is "Main (lambda)",
    /// <c>&lt;Main&gt;g__Local|0_0</c> is "Local", <c>Run</c> stays "Run". Generic instantiations read <c>M&lt;…&gt;</c>.
    /// </summary>
    public static string SourceMethod(string name) => CompilerMethod(name, out _);

    private static string CompilerMethod(string name, out bool compilerMade)
    {
        compilerMade = false;
        if (name.Length > 1 && name[0] == '<')
        {
            var close = MatchingAngle(name, 0);
            if (close > 0)
            {
                compilerMade = true;
                var inner = CompilerMethod(name[1..close], out _);
                var rest = name[(close + 1)..];
                if (rest.StartsWith("g__", StringComparison.Ordinal))
                {
                    var bar = rest.IndexOf('|', StringComparison.Ordinal);
                    var local = bar > 3 ? rest[3..bar] : rest[3..];
                    return local == "__PInvoke" ? inner + " (P/Invoke)" : local;
                }

                return rest.StartsWith("b__", StringComparison.Ordinal) ? inner + " (lambda)" : inner;
            }
        }

        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0 && name.EndsWith(']'))
        {
            var args = SplitAtDepth0(name[(bracket + 1)..^1], ',').Select(a => Type(a, null));
            return name[..bracket] + "<" + string.Join(", ", args) + ">";
        }

        return name;
    }

    /// <summary>The index of the '&gt;' closing the '&lt;' at <paramref name="open"/>, or -1.</summary>
    public static int MatchingAngle(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '<')
            {
                depth++;
            }
            else if (text[i] == '>' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Parameters(string parameters, TypeChain type)
    {
        if (parameters.Length == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var p in SplitAtDepth0(parameters, ','))
        {
            // A local function's captured-variables struct is an implementation detail, not a parameter people wrote.
            if (p.Contains("<>c__DisplayClass", StringComparison.Ordinal))
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append(Type(p, type));
        }

        return builder.ToString();
    }

    private static string Join(string owner, string member) => owner.Length == 0 ? member : owner + "." + member;
}
