using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Hotpath.Tool.Tests.Infrastructure;

/// <summary>A process the test starts (the tool or the sample), its output captured line by line and logged at dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly StringBuilder _log = new();
    private readonly ITestOutputHelper _output;

    private ChildProcess(Process process, ITestOutputHelper output)
    {
        Process = process;
        _output = output;
    }

    /// <summary>An <c>env</c> key that sets the working directory instead of a variable.</summary>
    public const string WorkingDirectoryKey = "(working directory)";

    public Process Process { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static ChildProcess Start(ITestOutputHelper output, string program, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment.Remove("DOTNET_STARTUP_HOOKS");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            if (k == WorkingDirectoryKey)
            {
                start.WorkingDirectory = v;
            }
            else
            {
                start.Environment[k] = v;
            }
        }

        var child = new ChildProcess(Process.Start(start)!, output);
        child.Process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.Process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until the output has a match for <paramref name="pattern"/> and returns its first group (or the match).</summary>
    public async Task<string> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var m = pattern.Match(Log);
            if (m.Success)
            {
                return m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;
            }

            if (Process.HasExited)
            {
                await Task.Delay(200);
                m = pattern.Match(Log);
                if (m.Success)
                {
                    return m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;
                }

                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no '{pattern}' in the output of {Process.StartInfo.FileName} (exited: {Process.HasExited}):\n{Log}");
    }

    /// <summary>Sends a POSIX signal (SIGTERM by default), as a service manager or Ctrl+C would.</summary>
    public void Signal(string name = "TERM")
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + name, Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(10_000);
        }

        _output.WriteLine($"--- {Process.StartInfo.FileName} {string.Join(' ', Process.StartInfo.ArgumentList)}\n{Log}");
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
