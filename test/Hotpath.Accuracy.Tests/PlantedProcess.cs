using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Hotpath.Accuracy.Tests;

/// <summary>
/// bench/Hotpath.Planted as a child process on a free loopback port, in Development (so Hotpath's API answers loopback),
/// with Hotpath's defaults and no sampling variable. A process of its own: the sampler and its sessions are per process.
/// </summary>
internal sealed partial class PlantedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PlantedProcess(Process process)
    {
        _process = process;
        Client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>Everything the app printed.</summary>
    public string Output
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the app with <paramref name="settings"/> added to its environment.</summary>
    public static async Task<PlantedProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var bin = Path.GetDirectoryName(typeof(PlantedProcess).Assembly.Location)!;
        var configuration = bin.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var root = bin;
        while (!File.Exists(Path.Combine(root, "Hotpath.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException($"Hotpath.slnx not found above {bin}");
        }

        var appDir = Path.Combine(root, "bench", "Hotpath.Planted", "bin", configuration, "net10.0");
        var dll = Path.Combine(appDir, "Hotpath.Planted.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The planted app is not built: {dll} is missing (dotnet build -c {configuration}).", dll);
        }

        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            WorkingDirectory = appDir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("Hotpath__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("COMPlus_", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new PlantedProcess(process);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Exited += (_, _) => app._port.TrySetException(new InvalidOperationException("The planted app exited before it listened."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await app._port.Task.WaitAsync(TimeSpan.FromSeconds(60));
            app.Client.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        }
        catch (Exception ex)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The planted app did not start ({ex.Message}). Output:\n{app.Output}", ex);
        }

        return app;
    }

    /// <summary>Sends GET /case/{name} from <paramref name="connections"/> concurrent loops for <paramref name="duration"/>.</summary>
    public async Task<int> LoadAsync(string name, TimeSpan duration, int connections = 4)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var count = 0;
        var loops = Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                using var response = await Client.GetAsync($"case/{name}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"/case/{name} answered {(int)response.StatusCode}");
                Interlocked.Increment(ref count);
            }
        });
        await Task.WhenAll(loops);
        return count;
    }

    /// <summary>Hotpath's status line (state, sampler, message) from its function API, for failure messages.</summary>
    public async Task<string> StatusAsync() =>
        (await Client.GetStringAsync("__profile__/api/functions?scope=requests&limit=1")).Split("\"totals\"")[0];

    /// <summary>Hotpath's cumulative requests-scope stacks (collapsed export), CPU measure.</summary>
    public async Task<Dictionary<string, long>> CpuStacksAsync()
    {
        // A build with measures rejects an unknown one (400) and is asked for CPU explicitly; one without ignores it.
        using var probe = await Client.GetAsync("__profile__/export/collapsed?scope=requests&measure=no-such-measure");
        var query = probe.StatusCode == HttpStatusCode.BadRequest ? "scope=requests&measure=cpu" : "scope=requests";
        var text = await Client.GetStringAsync($"__profile__/export/collapsed?{query}");
        var stacks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            if (space > 0 && long.TryParse(line.AsSpan(space + 1), out var count))
            {
                stacks[line[..space]] = stacks.GetValueOrDefault(line[..space]) + count;
            }
        }

        return stacks;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        var match = ListeningRegex().Match(line);
        if (match.Success)
        {
            _port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningRegex();
}
