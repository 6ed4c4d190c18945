using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The demo app (samples/Hotpath.Demo) running as a separate process on a free loopback port. A process of its own
/// because EventPipe sessions and the runtime's sampling rate (read once at start-up) are process-wide. Everything the
/// process prints is captured and written to the test output when the app is disposed.
/// </summary>
internal sealed partial class DemoApp : IAsyncDisposable
{
    /// <summary>The demo's CPU-bound hot spot, as the profile names it.</summary>
    public const string HotFunction = "Hotpath.Demo.Services.PrimeSieve.CountPrimes";

    public const string ProfilePath = "/__profile__";

    /// <summary>How many compute requests <see cref="BurstAsync"/> sends by default: enough for well over 30 samples at 10 ms.</summary>
    public const int DefaultBurst = 60;

    private const int Sigterm = 15;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly ITestOutputHelper? _output;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClientHandler _handler;

    private DemoApp(Process process, ITestOutputHelper? output)
    {
        _process = process;
        _output = output;
        _handler = new HttpClientHandler { CookieContainer = Cookies, UseCookies = true };
        Client = new HttpClient(_handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The folder that holds Hotpath.slnx.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The build configuration of this test assembly (Release or Debug); the demo is run from the same one.</summary>
    public static string Configuration { get; } = DetectConfiguration();

    /// <summary>The demo's build output folder.</summary>
    public static string BinFolder => Path.Combine(RepoRoot, "samples", "Hotpath.Demo", "bin", Configuration, "net10.0");

    public CookieContainer Cookies { get; } = new();

    /// <summary>A client for the app that keeps cookies (the antiforgery cookie) and follows redirects.</summary>
    public HttpClient Client { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public int Port { get; private set; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
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

    /// <summary>
    /// Starts the demo with ASPNETCORE_ENVIRONMENT=Development and a 10 ms sampling interval, plus
    /// <paramref name="environment"/> (a null value removes a variable), and waits until it listens.
    /// </summary>
    public static async Task<DemoApp> StartAsync(ITestOutputHelper? output, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var dll = Path.Combine(BinFolder, "Hotpath.Demo.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The demo is not built: {dll} is missing. Build the solution in {Configuration} first (dotnet build -c {Configuration}).", dll);
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = BinFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");

        // Nothing from the test host's environment may change what the demo does.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("Hotpath__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.Contains("EventPipe", StringComparison.OrdinalIgnoreCase) || key.Contains("EnableDiagnostics", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_EventPipeThreadSamplingRate"] = "A"; // hexadecimal: 10 ms
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new DemoApp(process, output);
        process.OutputDataReceived += (_, e) => app.OnLine("out", e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine("err", e.Data);
        process.Exited += (_, _) => app._port.TrySetException(new InvalidOperationException("The demo exited before it listened."));
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            app.Port = await app._port.Task.WaitAsync(StartTimeout);
        }
        catch (Exception ex)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The demo did not start ({ex.Message}). Its output:\n{app.Output}", ex);
        }

        app.BaseAddress = new Uri($"http://127.0.0.1:{app.Port}/");
        app.Client.BaseAddress = app.BaseAddress;
        return app;
    }

    /// <summary>A client without cookies that does not follow redirects.</summary>
    public HttpClient CreateClient(bool allowAutoRedirect) =>
        new(new HttpClientHandler { AllowAutoRedirect = allowAutoRedirect, UseCookies = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Reads <c>{Path}/api/functions?{query}</c>; fails on anything but 200.</summary>
    public async Task<FunctionsResponse> GetFunctionsAsync(string query = "scope=requests&limit=all")
    {
        using var response = await Client.GetAsync($"{ProfilePath}/api/functions?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"api/functions?{query} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<FunctionsResponse>(body, Json)!;
    }

    /// <summary>Polls the function table until <paramref name="done"/> holds.</summary>
    public Task<FunctionsResponse> WaitForFunctionsAsync(Func<FunctionsResponse, bool> done, string what, string query = "scope=requests&limit=all", int timeoutSeconds = 30) =>
        Poll.UntilAsync(() => GetFunctionsAsync(query), done, TimeSpan.FromSeconds(timeoutSeconds), what, r => r.Describe());

    /// <summary>Polls until the profiler reports it is running (its session is up).</summary>
    public Task<FunctionsResponse> WaitUntilRunningAsync() =>
        WaitForFunctionsAsync(r => r.Status.State == "running", "the profiler to be running");

    /// <summary>
    /// Sends <paramref name="computeRequests"/> GET /api/compute (the largest sieve the demo allows), each followed by a
    /// GET /api/products and a GET /hello, one after another, the way a short load test would.
    /// </summary>
    public async Task BurstAsync(int computeRequests = DefaultBurst)
    {
        for (var i = 0; i < computeRequests; i++)
        {
            await GetOkAsync("api/compute?n=5000000");
            await GetOkAsync("api/products?page=" + ((i % 3) + 1).ToString(CultureInfo.InvariantCulture));
            await GetOkAsync("hello");
        }
    }

    /// <summary>Every page and endpoint of the demo (minimal APIs, MVC, Razor Pages), as GET paths that answer 200.</summary>
    public static IReadOnlyList<string> Endpoints { get; } =
        ["", "hello", "api/products", "api/search?q=profile", "api/compute?n=100000", "api/async-report", "orders/1", "orders/summary"];

    /// <summary>Sends <paramref name="rounds"/> rounds of requests to every endpoint of the demo.</summary>
    public async Task VariedTrafficAsync(int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            foreach (var endpoint in Endpoints)
            {
                await GetOkAsync(endpoint);
            }
        }
    }

    /// <summary>Sends a GET and fails unless it answers 200.</summary>
    public async Task<string> GetOkAsync(string relative)
    {
        using var response = await Client.GetAsync(relative);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {relative} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Fetches an antiforgery token (the cookie lands in <see cref="Cookies"/>) and POSTs with it, as the UI does.</summary>
    public async Task<HttpResponseMessage> PostWithAntiforgeryAsync(string relative)
    {
        var antiforgery = await Client.GetFromJsonAsync<AntiforgeryBody>($"{ProfilePath}/api/antiforgery", Json);
        Assert.NotNull(antiforgery);
        Assert.False(string.IsNullOrEmpty(antiforgery.Token), "api/antiforgery returned no token");
        using var request = new HttpRequestMessage(HttpMethod.Post, relative);
        request.Headers.Add(antiforgery.Header, antiforgery.Token);
        return await Client.SendAsync(request);
    }

    /// <summary>Sends SIGTERM, as a service manager or Ctrl+C would, and waits up to 20 s for the process to exit.</summary>
    public async Task<int> StopGracefullyAsync()
    {
        if (!_process.HasExited)
        {
            if (Kill(_process.Id, Sigterm) != 0)
            {
                throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The demo did not exit within 20 s of SIGTERM. Its output:\n{Output}");
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Never started, or already gone: nothing to stop.
        }

        try
        {
            _output?.WriteLine($"--- demo process output (port {Port}) ---\n{Output}");
        }
        catch (InvalidOperationException)
        {
            // No test is running any more; the output has nowhere to go.
        }

        Client.Dispose();
        _process.Dispose();
    }

    private void OnLine(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Append(stream).Append("| ").Append(line).Append('\n');
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _port.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private static string DotnetHost()
    {
        // The CLI tells the processes it starts which host it is; prefer it over whatever "dotnet" is on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotpath.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Hotpath.slnx.");
    }

    private static string DetectConfiguration()
    {
        // .../bin/<Configuration>/net10.0/
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var configuration = framework.Parent?.Name;
        return configuration is "Release" or "Debug"
            ? configuration
            : throw new InvalidOperationException($"Cannot tell the build configuration from {AppContext.BaseDirectory}; expected .../bin/Release/net10.0 or .../bin/Debug/net10.0.");
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private sealed record AntiforgeryBody(string Token, string Header);
}
