using System.Runtime.Loader;
using Hotpath.Attach;

#pragma warning disable CA1050 // The runtime looks for a type named StartupHook in the global namespace.

/// <summary>
/// The .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>) that brings Hotpath into an app that does not reference it. It
/// runs before the app's <c>Main</c>: it lets the app resolve Hotpath's assemblies from this assembly's folder (they are
/// not in the app's deps.json, so the default load context would not find them) and names this assembly as an ASP.NET
/// Core hosting startup, which then adds the services and the middleware when the app builds its host.
/// </summary>
internal static class StartupHook
{
    /// <summary>Called by the runtime once, on the main thread, before <c>Main</c>.</summary>
    public static void Initialize()
    {
        var folder = Path.GetDirectoryName(typeof(StartupHook).Assembly.Location);
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        // Only when the app cannot resolve an assembly itself: the app's own copy of a shared dependency always wins.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };

        var current = Environment.GetEnvironmentVariable(AttachSettings.HostingStartupAssemblies);
        var names = (current ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!names.Contains(AttachSettings.AssemblyName, StringComparer.OrdinalIgnoreCase))
        {
            Environment.SetEnvironmentVariable(
                AttachSettings.HostingStartupAssemblies,
                string.Join(';', names.Append(AttachSettings.AssemblyName)));
        }
    }
}
