namespace Hotpath.Tool;

/// <summary>The tool's exit codes (docs/cli.md). <c>run</c> exits with the app's own code instead.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>Something unexpected failed; the message says what.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a missing, empty, truncated, corrupt or wrong-format file, or a bad option.</summary>
    public const int BadInput = 2;

    /// <summary>The process cannot be attached to: it is gone, or its diagnostics are disabled.</summary>
    public const int CannotAttach = 3;
}
