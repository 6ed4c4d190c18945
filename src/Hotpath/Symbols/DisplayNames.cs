using Hotpath.Model;

namespace Hotpath.Symbols;

/// <summary>
/// The one function that turns a frame's runtime name into what people read, used by every view, export and report
/// that shows a frame. The runtime name (<see cref="FrameInfo.Name"/>) stays the identity, in tooltips and exports.
/// </summary>
public static class DisplayNames
{
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
        return runtimeName;
    }
}
