namespace Hotpath.Model;

/// <summary>One function as it appears in a profile: a method of a module, with its source location where known.</summary>
/// <param name="Name">The method's full name (namespace, type and method), or a bracketed marker such as <c>[other]</c>.</param>
/// <param name="Module">The module (assembly file name without extension), or an empty string when unknown.</param>
/// <param name="File">The source file, when symbols said so.</param>
/// <param name="Line">The first source line of the method, when symbols said so.</param>
public sealed record FrameInfo(string Name, string Module, string? File = null, int? Line = null)
{
    /// <summary>The marker frame that samples are merged into once a cap is reached.</summary>
    public const string OtherName = "[other]";

    /// <summary>The marker for code the symbolizer could not name.</summary>
    public const string UnknownName = "[unknown]";

    /// <summary>The name shown where a single token is wanted: <c>Module!Name</c>, or just the name when the module is unknown.</summary>
    public string DisplayName => Module.Length == 0 ? Name : Module + "!" + Name;
}
