namespace Hotpath.Tool;

/// <summary>An error the tool reports as one line and an exit code, never as a stack trace.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException BadInput(string message) => new(ExitCodes.BadInput, message);

    public static CliException CannotAttach(string message) => new(ExitCodes.CannotAttach, message);
}
