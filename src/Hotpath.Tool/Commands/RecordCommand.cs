using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Hotpath.Sampling;
using Hotpath.Storage;
using Microsoft.Diagnostics.NETCore.Client;

namespace Hotpath.Tool.Commands;

/// <summary>
/// <c>record --pid N [--duration 30s] -o FILE</c>: attaches to a running .NET process over its diagnostics port (an
/// EventPipe session with the sample profiler and the runtime's method events and rundown, read live by the engine),
/// samples it for the duration (or until Ctrl+C, or until it exits) and saves a Hotpath profile, process scope only.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(TextWriter output)
    {
        var pid = new Option<int>("--pid", "-p") { Description = "The id of the .NET process to attach to.", Required = true };
        var duration = new Option<TimeSpan>("--duration", "-d")
        {
            Description = "How long to record: 30s, 500ms, 2m, or seconds (default 30s). Ctrl+C stops early and saves.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
            CustomParser = ParseDuration,
        };
        var outFile = new Option<string>("--output", "-o") { Description = "Where to save the profile.", Required = true };
        var command = new Command("record", "Attach to a running .NET process from outside and save a Hotpath profile (process scope).") { pid, duration, outFile };
        command.SetAction((result, cancellationToken) =>
            Task.FromResult(Execute(result.GetValue(pid), result.GetValue(duration), result.GetRequiredValue(outFile), output, cancellationToken)));
        return command;
    }

    public static int Execute(int pid, TimeSpan duration, string outFile, TextWriter output, CancellationToken cancellationToken)
    {
        using var target = OpenProcess(pid);
        var client = new DiagnosticsClient(pid);

        // The target's sampling interval is its own start-up setting; the engine reads the interval from this process's
        // environment, so copy the target's value here (this process's runtime has long read its own).
        Environment.SetEnvironmentVariable(SamplingRate.EnvironmentVariable, TargetInterval(client));
        var full = Path.GetFullPath(outFile);
        using var profiler = new SamplingProfiler(new SamplingProfilerOptions { ProcessId = pid, Sampler = SamplerKind.EventPipe, EventPipeOnFraction = 1, SymbolDelay = TimeSpan.FromSeconds(2) }, TimeProvider.System);
        if (!profiler.Start())
        {
            throw CliException.CannotAttach($"cannot attach to process {pid}: {profiler.StatusMessage}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recording process {pid} ({target.ProcessName}) for {duration.TotalSeconds:0.#} s, sampling every {profiler.ConfiguredIntervalMs} ms; Ctrl+C to stop early."));
        output.Flush();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested && !HasExited(target) && profiler.State != ProfilerState.Failed)
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(200, Math.Max(1, (duration - clock.Elapsed).TotalMilliseconds))));
        }

        var exited = HasExited(target);
        profiler.Stop(TimeSpan.FromSeconds(10));
        var snapshot = profiler.Snapshot();
        try
        {
            ProfileFile.Save(snapshot, full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"cannot write '{outFile}': {HotpathCli.OneLine(ex.Message)}");
        }

        var why = exited ? " (the process exited)" : cancellationToken.IsCancellationRequested ? " (stopped early)" : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Saved {snapshot.Totals.ProcessSamples} samples over {clock.Elapsed.TotalSeconds:0.0} s{why} to {full}"));
        if (profiler.State == ProfilerState.Failed)
        {
            output.WriteLine("Warning: " + profiler.StatusMessage);
        }

        return ExitCodes.Success;
    }

    private static Process OpenProcess(int pid)
    {
        try
        {
            var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                throw CliException.CannotAttach($"process {pid} has exited.");
            }

            return process;
        }
        catch (ArgumentException)
        {
            throw CliException.CannotAttach($"no process with id {pid} is running.");
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string TargetInterval(DiagnosticsClient client)
    {
        try
        {
            var env = client.GetProcessEnvironment();
            if (env.TryGetValue(SamplingRate.EnvironmentVariable, out var value) && SamplingRate.TryParse(value, out _))
            {
                return value;
            }

            return SamplingRate.ToEnvironmentValue(SamplingRate.RuntimeDefaultMs);
        }
        catch (ServerNotAvailableException ex)
        {
            throw CliException.CannotAttach($"cannot attach: the diagnostics port is not available (not a .NET process, DOTNET_EnableDiagnostics=0, or another user's process): {HotpathCli.OneLine(ex.Message)}");
        }
        catch (System.IO.EndOfStreamException ex)
        {
            throw CliException.CannotAttach($"cannot attach: the process closed its diagnostics port: {HotpathCli.OneLine(ex.Message)}");
        }
        catch (TimeoutException ex)
        {
            throw CliException.CannotAttach($"cannot attach: the process did not answer on its diagnostics port: {HotpathCli.OneLine(ex.Message)}");
        }
        catch (UnsupportedCommandException)
        {
            // Older runtimes cannot report their environment: assume the runtime's default.
            return SamplingRate.ToEnvironmentValue(SamplingRate.RuntimeDefaultMs);
        }
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * scale > 86_400)
        {
            result.AddError($"--duration '{text}' is not a duration: use e.g. 30s, 500ms, 2m (at most 24h).");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(value * scale);
    }
}
