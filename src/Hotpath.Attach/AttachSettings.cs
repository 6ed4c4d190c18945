namespace Hotpath.Attach;

/// <summary>The environment variables <c>dotnet-hotpath run</c> passes to the app it starts, read by the attach code.</summary>
internal static class AttachSettings
{
    /// <summary>The runtime's list of startup hooks (full paths, separated by the platform's path separator).</summary>
    public const string StartupHooks = "DOTNET_STARTUP_HOOKS";

    /// <summary>ASP.NET Core's list of hosting-startup assemblies (simple names, separated by ';').</summary>
    public const string HostingStartupAssemblies = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    /// <summary>Where to save the profile when the app stops (a full path); unset: nothing is saved.</summary>
    public const string Output = "HOTPATH_ATTACH_OUTPUT";

    /// <summary>A file the attach writes the profile URLs into once the app listens (one per line).</summary>
    public const string UrlFile = "HOTPATH_ATTACH_URL_FILE";

    /// <summary>The sampling interval the tool started the runtime with, in milliseconds.</summary>
    public const string IntervalMs = "HOTPATH_ATTACH_INTERVAL_MS";

    /// <summary>The name of this assembly, as the hosting-startup list names it.</summary>
    public const string AssemblyName = "Hotpath.Attach";
}
