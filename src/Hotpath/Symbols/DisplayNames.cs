using System.Collections.Concurrent;
using Hotpath.Model;

namespace Hotpath.Symbols;

/// <summary>
/// The one function that turns a frame's runtime name into what people read, used by every view, export and report
/// that shows a frame. The runtime name (<see cref="FrameInfo.Name"/>) stays the identity, in tooltips and exports.
/// </summary>
/// <remarks>
/// The display name is C# spelling without the namespace: <c>Hotpath.Demo.Services.PrimeSieve.CountPrimes(int32)</c>
/// reads <c>PrimeSieve.CountPrimes(int)</c>; <c>class System.String</c> reads <c>string</c>, <c>value class X</c> reads
/// <c>X</c>, <c>List`1[System.__Canon]</c> reads <c>List&lt;T&gt;</c> and <c>!0</c> reads the type argument where the
/// name says it (else <c>T</c>, <c>T2</c>…; method type parameters <c>!!0</c> read <c>U</c>, <c>U2</c>…). Compiler-made
/// code reads as its source method: an async or iterator state machine's <c>&lt;SearchAsync&gt;d__4.MoveNext()</c> is
/// <c>Catalog.SearchAsync</c>, a lambda <c>&lt;&gt;c.&lt;Main&gt;b__0_0</c> is <c>Program.Main (lambda)</c>, a local
/// function <c>&lt;Main&gt;g__Local|0_0</c> is <c>Program.Local</c>. Names it cannot read come back unchanged.
/// </remarks>
public static class DisplayNames
{
    private const int CacheCap = 200_000;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The readable name of a frame.</summary>
    public static string Of(FrameInfo frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Format(frame.Name);
    }

    /// <summary>The readable name of a runtime method name (<c>Namespace.Type.Method(signature)</c>).</summary>
    public static string Format(string runtimeName)
    {
        ArgumentNullException.ThrowIfNull(runtimeName);
        if (runtimeName.Length == 0 || runtimeName[0] == '[')
        {
            return runtimeName;
        }

        if (Cache.TryGetValue(runtimeName, out var cached))
        {
            return cached;
        }

        var display = DisplayNameParser.Method(runtimeName) ?? runtimeName;
        if (Cache.Count >= CacheCap)
        {
            // Frame names are bounded by the profile's caps; a full cache means many profiles were read: start over.
            Cache.Clear();
        }

        Cache[runtimeName] = display;
        return display;
    }
}
