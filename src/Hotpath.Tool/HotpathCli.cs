using System.CommandLine;
using Hotpath.Tool.Commands;

namespace Hotpath.Tool;

/// <summary>The <c>dotnet-hotpath</c> command line: its verbs, and the one place errors become a line and an exit code.</summary>
internal static class HotpathCli
{
    public const string Name = "dotnet-hotpath";

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Hotpath: profile ASP.NET Core apps without changing them; read, convert, compare and browse saved profiles.");
        root.Subcommands.Add(ReportCommand.Create(output));
        root.Subcommands.Add(ConvertCommand.Create(output));
        root.Subcommands.Add(DiffCommand.Create(output));
        root.Subcommands.Add(ServeCommand.Create(output));
        root.Subcommands.Add(RunCommand.Create(output, error));
        root.Subcommands.Add(RecordCommand.Create(output));
        return root;
    }

    /// <summary>Parses and runs; returns the exit code. Errors are one line on <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = Build(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"{Name}: {OneLine(parsed.Errors[0].Message)} (see '{Name} --help')").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync($"{Name}: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
#pragma warning disable CA1031 // The promise is one line, never a stack trace, whatever failed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"{Name}: {ex.GetType().Name}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    internal static string OneLine(string text) =>
        string.Join(' ', text.ReplaceLineEndings(" ").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
