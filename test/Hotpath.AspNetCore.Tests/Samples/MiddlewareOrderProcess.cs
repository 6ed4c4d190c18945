using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Samples;

/// <summary>samples/Hotpath.MiddlewareOrder running as its own process on a free loopback port, its output captured.</summary>
internal sealed partial class MiddlewareOrderProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ITestOutputHelper? _output;
    private readonly List<string> _lines = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MiddlewareOrderProcess(Process process, ITestOutputHelper? output)
    {
        _process = process;
        _output = output;
    }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Standard output and error so far, line by line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public static async Task<MiddlewareOrderProcess> StartAsync(ITestOutputHelper? output, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Path.Combine(DemoApp.RepoRoot, "samples", "Hotpath.MiddlewareOrder", "bin", DemoApp.Configuration, "net10.0");
        var dll = Path.Combine(folder, "Hotpath.MiddlewareOrder.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The sample is not built: {dll} is missing. Build the solution first.", dll);
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(!string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Hotpath__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_EventPipeThreadSamplingRate"] = "A";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new MiddlewareOrderProcess(process, output);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Exited += (_, _) => app._port.TrySetException(new InvalidOperationException("The sample exited before it listened."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await app._port.Task.WaitAsync(TimeSpan.FromSeconds(60));
            app.Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
            return app;
        }
        catch (Exception ex)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The sample did not start ({ex.Message}).", ex);
        }
    }

    /// <summary>The lines printed after <paramref name="marker"/> was printed for the <paramref name="occurrence"/>-th time (1-based).</summary>
    public List<string> LinesAfter(string marker, int occurrence)
    {
        var lines = Lines;
        var seen = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] == marker && ++seen == occurrence)
            {
                return lines.Skip(i).ToList();
            }
        }

        return [];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone.
        }

        try
        {
            _output?.WriteLine("--- sample output ---\n" + string.Join("\n", Lines));
        }
        catch (InvalidOperationException)
        {
            // No test running any more.
        }

        Client?.Dispose();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        var match = Listening().Match(line);
        if (match.Success)
        {
            _port.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();
}
