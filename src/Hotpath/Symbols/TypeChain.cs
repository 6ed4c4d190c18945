namespace Hotpath.Symbols;

/// <summary>
/// A type's nesting chain as the runtime names it, without the namespace: <c>Outer`1+Inner`1[A,B]</c>. Generic arguments
/// are written once, after the last part, for the whole chain (outer types' parameters first), as the runtime does.
/// </summary>
internal sealed class TypeChain
{
    private const string Canon = "System.__Canon";

    private readonly List<Part> _parts;
    private readonly List<string> _arguments;

    private TypeChain(List<Part> parts, List<string> arguments)
    {
        _parts = parts;
        _arguments = arguments;
        foreach (var p in parts)
        {
            Arity += p.Arity;
        }
    }

    /// <summary>The number of generic parameters over the whole chain.</summary>
    public int Arity { get; }

    /// <summary>The method an async or iterator state machine stands for (the innermost part's <c>X</c> of <c>&lt;X&gt;d__N</c>), or null.</summary>
    public string? StateMachineMethod => _parts[^1].StateMachineOf;

    /// <summary>Whether the innermost part is a compiler-made closure class (<c>&lt;&gt;c</c>, <c>&lt;&gt;c__DisplayClass…</c>).</summary>
    public bool IsClosure => _parts[^1].IsClosure;

    public static TypeChain? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var parts = new List<Part>();
        var arguments = new List<string>();
        foreach (var raw in DisplayNameParser.SplitAtDepth0(text, '+'))
        {
            var name = raw;
            var bracket = IndexOfBracket(name);
            if (bracket > 0 && name.EndsWith(']'))
            {
                arguments.AddRange(DisplayNameParser.SplitAtDepth0(name[(bracket + 1)..^1], ',').Select(StripAssembly));
                name = name[..bracket];
            }

            var arity = 0;
            var tick = name.LastIndexOf('`');
            if (tick > 0 && int.TryParse(name.AsSpan(tick + 1), out var n))
            {
                arity = n;
                name = name[..tick];
            }

            if (name.Length == 0)
            {
                return null;
            }

            parts.Add(new Part(name, arity));
        }

        return new TypeChain(parts, arguments);
    }

    /// <summary>The C# spelling of generic parameter <paramref name="index"/> of the chain: its argument where known.</summary>
    public string Argument(int index)
    {
        if (index < _arguments.Count && _arguments[index] != Canon)
        {
            return DisplayNameParser.Type(_arguments[index], null);
        }

        return DisplayNameParser.GenericName(index, Arity);
    }

    /// <summary>The chain in C# spelling, parts joined by dots.</summary>
    /// <param name="dropCompilerTypes">Leave out closure classes and a trailing state machine (the method names them).</param>
    /// <param name="explicitArguments">Arguments already in C# spelling (from a signature's <c>&lt;…&gt;</c>), instead of the chain's own.</param>
    public string Display(bool dropCompilerTypes, IReadOnlyList<string>? explicitArguments = null)
    {
        var pieces = new List<string>(_parts.Count);
        var next = 0;
        for (var i = 0; i < _parts.Count; i++)
        {
            var part = _parts[i];
            var args = new List<string>(part.Arity);
            for (var a = 0; a < part.Arity; a++, next++)
            {
                args.Add(explicitArguments is null ? Argument(next)
                    : next < explicitArguments.Count ? explicitArguments[next] : DisplayNameParser.GenericName(next, Arity));
            }

            if (part.IsClosure)
            {
                if (!dropCompilerTypes)
                {
                    pieces.Add(part.Name);
                }

                continue;
            }

            if (part.StateMachineOf is { } method)
            {
                if (!dropCompilerTypes || i != _parts.Count - 1)
                {
                    pieces.Add(DisplayNameParser.SourceMethod(method));
                }

                continue;
            }

            pieces.Add(args.Count == 0 ? part.Name : part.Name + "<" + string.Join(", ", args) + ">");
        }

        return string.Join('.', pieces);
    }

    private static string StripAssembly(string argument)
    {
        // Assembly-qualified arguments ([[System.Int32, System.Private.CoreLib]]) keep only the type name.
        var trimmed = argument.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            trimmed = trimmed[1..^1];
            var comma = DisplayNameParser.SplitAtDepth0(trimmed, ',');
            trimmed = comma[0].Trim();
        }

        return trimmed;
    }

    private static int IndexOfBracket(string name)
    {
        var depth = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '<')
            {
                depth++;
            }
            else if (name[i] == '>')
            {
                depth--;
            }
            else if (name[i] == '[' && depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Part
    {
        public Part(string name, int arity)
        {
            Name = name;
            Arity = arity;
            IsClosure = name.StartsWith("<>c", StringComparison.Ordinal);
            if (!IsClosure && name[0] == '<')
            {
                var close = DisplayNameParser.MatchingAngle(name, 0);
                var rest = close > 0 ? name[(close + 1)..] : string.Empty;
                if (rest == "d" || rest.StartsWith("d__", StringComparison.Ordinal))
                {
                    StateMachineOf = name[1..close];
                }
            }
        }

        public string Name { get; }

        public int Arity { get; }

        public bool IsClosure { get; }

        public string? StateMachineOf { get; }
    }
}
