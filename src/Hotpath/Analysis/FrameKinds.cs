using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>
/// Which frames are user code, Hotpath's own, or thread-pool dispatch plumbing. User code is every module that is not
/// the runtime or the framework: not <c>System.*</c>, <c>Microsoft.*</c>, <c>mscorlib</c>, <c>netstandard</c>, not the
/// runtime's dynamic methods, not Hotpath itself, not a marker (<c>[other]</c>), and not code the symbolizer could not
/// place in a module.
/// </summary>
public static class FrameKinds
{
    /// <summary>The synthetic frame "just my code" puts framework-only stacks under.</summary>
    public const string FrameworkName = "[framework]";

    /// <summary>Whether a frame is the application's own code.</summary>
    public static bool IsUserCode(FrameInfo frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var module = frame.Module;
        if (module.Length == 0 || frame.Name.StartsWith('['))
        {
            return false;
        }

        if (IsPrefix(module, "System") || IsPrefix(module, "Microsoft") || IsOwn(frame))
        {
            return false;
        }

        return module is not ("mscorlib" or "netstandard" or "Anonymously Hosted DynamicMethods Assembly")
            && !module.StartsWith("libcoreclr", StringComparison.Ordinal)
            && !module.StartsWith("libclr", StringComparison.Ordinal)
            && !module.StartsWith("libSystem.", StringComparison.Ordinal);
    }

    /// <summary>Whether a frame is Hotpath's own (engine or middleware).</summary>
    public static bool IsOwn(FrameInfo frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Module is "Hotpath" or "Hotpath.AspNetCore";
    }

    /// <summary>
    /// Whether a frame is thread-pool, timer, task-continuation or Kestrel connection plumbing: what sits between a
    /// worker thread's start and the request's own code.
    /// </summary>
    public static bool IsDispatchPlumbing(FrameInfo frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var name = frame.Name;
        return name.StartsWith("System.Threading.", StringComparison.Ordinal)
            || name.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore.Server.Kestrel.", StringComparison.Ordinal)
            || name.StartsWith("System.Net.Sockets.", StringComparison.Ordinal)
            || name.StartsWith("System.IO.Pipelines.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore.Hosting.HostingApplication", StringComparison.Ordinal);
    }

    private static bool IsPrefix(string module, string prefix) =>
        module.StartsWith(prefix, StringComparison.Ordinal) && (module.Length == prefix.Length || module[prefix.Length] == '.');
}
