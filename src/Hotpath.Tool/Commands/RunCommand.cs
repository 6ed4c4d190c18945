using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Hotpath.Attach;
using Hotpath.Sampling;

namespace Hotpath.Tool.Commands;

/// <summary>
/// <c>run [options] -- COMMAND…</c>: starts an unmodified ASP.NET Core app with Hotpath injected through a .NET startup
/// hook (which makes Hotpath's assemblies resolvable and names the hosting startup that adds the services and the
/// middleware), prints the profile URL, forwards Ctrl+C/SIGTERM, saves the profile when the app exits, and exits with
/// the app's exit code.
/// </summary>
internal static partial class RunCommand
{
    private static readonly TimeSpan UrlWait = TimeSpan.FromMilliseconds(100);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The app to start, after '--': 'dotnet App.dll [args]' or an apphost './App [args]'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var outFile = new Option<string?>("--output", "-o") { Description = "Save the profile here when the app exits." };
        var interval = new Option<int>("--interval", "-i") { Description = "The sampling interval in milliseconds (1-1000).", DefaultValueFactory = _ => 10 };
        CommonOptions.Range(interval, 1, 1000, "--interval must be between 1 and 1000 milliseconds.");
        var command = new Command("run", "Start an unmodified ASP.NET Core app with Hotpath injected; save the profile when it exits.") { commandLine, outFile, interval };
        command.SetAction(async (result, _) =>
            await ExecuteAsync(result.GetRequiredValue(commandLine), result.GetValue(outFile), result.GetValue(interval), output, error).ConfigureAwait(false));
        return command;
    }

    public static async Task<int> ExecuteAsync(string[] commandLine, string? outFile, int intervalMs, TextWriter output, TextWriter error)
    {
        var hook = Path.Combine(AppContext.BaseDirectory, AttachSettings.AssemblyName + ".dll");
        if (!File.Exists(hook))
        {
            throw new CliException(ExitCodes.Failure, $"the attach assembly is missing next to the tool ({hook}); reinstall dotnet-hotpath.");
        }

        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false };
        foreach (var arg in commandLine.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        var output2 = outFile is null ? null : Path.GetFullPath(outFile);
        var urlFile = Path.Combine(Path.GetTempPath(), $"hotpath-run-{Environment.ProcessId}-{Guid.NewGuid():N}.urls");
        var env = start.Environment;
        env[AttachSettings.StartupHooks] = Append(env, AttachSettings.StartupHooks, hook, Path.PathSeparator);
        env[AttachSettings.HostingStartupAssemblies] = Append(env, AttachSettings.HostingStartupAssemblies, AttachSettings.AssemblyName, ';');
        env[SamplingRate.EnvironmentVariable] = SamplingRate.ToEnvironmentValue(intervalMs);
        env[AttachSettings.IntervalMs] = intervalMs.ToString(CultureInfo.InvariantCulture);
        env[AttachSettings.UrlFile] = urlFile;
        if (output2 is not null)
        {
            env[AttachSettings.Output] = output2;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw CliException.BadInput($"cannot start '{commandLine[0]}'.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw CliException.BadInput($"cannot start '{commandLine[0]}': {HotpathCli.OneLine(ex.Message)}");
        }

        using (process)
        {
            // The app may get Ctrl+C from the terminal itself; forwarding it again is harmless (the host stops once).
            void Forward(PosixSignalContext context)
            {
                context.Cancel = true;
                try
                {
                    if (!process.HasExited)
                    {
                        _ = Kill(process.Id, context.Signal == PosixSignal.SIGINT ? 2 : 15);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward);
            var exited = process.WaitForExitAsync();
            await ReportUrlAsync(urlFile, exited, output).ConfigureAwait(false);
            await exited.ConfigureAwait(false);
            TryDelete(urlFile);
            var code = process.ExitCode;
            if (output2 is not null)
            {
                if (File.Exists(output2))
                {
                    await output.WriteLineAsync($"Hotpath: profile saved to {output2}").ConfigureAwait(false);
                }
                else
                {
                    await error.WriteLineAsync($"{HotpathCli.Name}: the app exited ({code}) without saving a profile to {output2} (it was not an ASP.NET Core host, or it did not stop gracefully).").ConfigureAwait(false);
                }
            }

            return code;
        }
    }

    private static async Task ReportUrlAsync(string urlFile, Task exited, TextWriter output)
    {
        while (!exited.IsCompleted)
        {
            if (File.Exists(urlFile))
            {
                foreach (var url in await File.ReadAllLinesAsync(urlFile).ConfigureAwait(false))
                {
                    await output.WriteLineAsync($"Hotpath: profile at {url}").ConfigureAwait(false);
                }

                await output.FlushAsync().ConfigureAwait(false);
                return;
            }

            await Task.WhenAny(exited, Task.Delay(UrlWait)).ConfigureAwait(false);
        }
    }

    private static string Append(IDictionary<string, string?> env, string name, string value, char separator)
    {
        var current = env.TryGetValue(name, out var v) ? v : null;
        return string.IsNullOrEmpty(current) ? value : current + separator + value;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
