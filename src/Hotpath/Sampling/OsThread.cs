using System.Runtime.InteropServices;

namespace Hotpath.Sampling;

/// <summary>The operating-system id of the current thread: the id EventPipe stamps on samples.</summary>
internal static partial class OsThread
{
    [ThreadStatic]
    private static int t_id;

    /// <summary>Whether ids can be read on this platform; where not, request attribution is off.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() || OperatingSystem.IsWindows();

    public static int CurrentId
    {
        get
        {
            var id = t_id;
            if (id == 0)
            {
                id = t_id = Read();
            }

            return id;
        }
    }

    private static int Read()
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxGetTid();
        }

        if (OperatingSystem.IsWindows())
        {
            return (int)WindowsGetCurrentThreadId();
        }

        return -1;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int LinuxGetTid();

    [LibraryImport("kernel32", EntryPoint = "GetCurrentThreadId")]
    private static partial uint WindowsGetCurrentThreadId();
}
