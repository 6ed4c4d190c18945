using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Hotpath.AspNetCore.Hosting;
using Hotpath.Export;
using Hotpath.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Pyroscope;

/// <summary>
/// Every interval, turns the samples taken since the previous push into a pprof profile and queues it; a second loop
/// sends the queue to Pyroscope's <c>/ingest</c>, retrying with exponential backoff and jitter. Requests never wait for
/// any of it: the work runs on this service's own tasks, the queue is bounded (oldest dropped first), and whatever is
/// given up on is counted in <see cref="PyroscopeStatus"/>.
/// </summary>
internal sealed class PyroscopePusher : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly ProfilerHost _host;
    private readonly PyroscopeOptions _options;
    private readonly PyroscopeStatus _status;
    private readonly ILogger<PyroscopePusher> _logger;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly Channel<Payload> _queue;
    private readonly HttpClient? _client;

    public PyroscopePusher(ProfilerHost host, IOptions<PyroscopeOptions> options, PyroscopeStatus status, IHostEnvironment environment, TimeProvider time, ILogger<PyroscopePusher> logger)
    {
        _host = host;
        _options = options.Value;
        _status = status;
        _logger = logger;
        _time = time;
        _name = NameWithLabels(_options.ApplicationName ?? environment.ApplicationName, _options.Labels);
        _queue = Channel.CreateBounded<Payload>(
            new BoundedChannelOptions(Math.Max(1, _options.MaxQueue)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            dropped => Drop("the queue was full (the server is slow or unreachable)"));
        if (!string.IsNullOrEmpty(_options.ServerUrl))
        {
            _client = new HttpClient { Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds) };
            _client.DefaultRequestHeaders.UserAgent.ParseAdd("Hotpath/" + typeof(PyroscopePusher).Assembly.GetName().Version?.ToString(3));
        }
    }

    /// <summary>The series name: application name and labels, as Pyroscope's <c>name</c> parameter wants it.</summary>
    internal static string NameWithLabels(string application, IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? application : application + "{" + string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";

    public override void Dispose()
    {
        _client?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_client is null || _host.IsReadOnly || !_host.Options.Enabled)
        {
            return;
        }

        PyroscopeLog.Started(_logger, _options.ServerUrl!, _options.IntervalSeconds, _name);
        var sending = SendLoopAsync(stoppingToken);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.IntervalSeconds), _time);
            ProfileSnapshot? previous = null;
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var current = _host.Snapshot();
                var scope = _options.Scope == "requests" ? ProfileScope.Requests : ProfileScope.Process;
                var view = ProfileDelta.Between(previous, current, new ProfileFilter { Scope = scope });
                var from = ProfileDelta.From(previous, current);
                previous = current;
                if (view.Total == 0)
                {
                    _status.NoteSkipped();
                    continue;
                }

                var payload = new Payload(PprofExporter.ToBytes(view), from, current.CapturedAt, view.IntervalMs);
                _queue.Writer.TryWrite(payload);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            _queue.Writer.TryComplete();
        }

        await sending.ConfigureAwait(false);
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var payload in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await SendWithRetriesAsync(payload, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still queued is not sent.
        }
    }

    private async Task SendWithRetriesAsync(Payload payload, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (ok, retryable, reason) = await TrySendAsync(payload, stoppingToken).ConfigureAwait(false);
            if (ok)
            {
                _status.NoteSent(_time.GetUtcNow());
                return;
            }

            _status.NoteFailedAttempt(reason);
            if (!retryable || attempt >= _options.MaxRetries)
            {
                Drop(retryable ? $"gave up after {attempt + 1} attempts: {reason}" : reason);
                return;
            }

            // Exponential backoff with jitter: a fleet that lost its server must not come back in lockstep.
            var backoff = Math.Min(MaxBackoff.TotalMilliseconds, _options.RetryDelaySeconds * 1000 * Math.Pow(2, attempt));
            var delay = TimeSpan.FromMilliseconds(backoff * (0.5 + (Random.Shared.NextDouble() * 0.5)));
            PyroscopeLog.Retrying(_logger, (long)delay.TotalMilliseconds, reason);
            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<(bool Ok, bool Retryable, string Reason)> TrySendAsync(Payload payload, CancellationToken stoppingToken)
    {
        var c = CultureInfo.InvariantCulture;
        var query = string.Create(c, $"name={Uri.EscapeDataString(_name)}&from={payload.From.ToUnixTimeSeconds()}&until={Math.Max(payload.Until.ToUnixTimeSeconds(), payload.From.ToUnixTimeSeconds() + 1)}")
            + string.Create(c, $"&format=pprof&sampleRate={Math.Max(1, (int)Math.Round(1000 / Math.Max(payload.IntervalMs, 0.001)))}&spyName=hotpath");
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.ServerUrl!.TrimEnd('/') + "/ingest?" + query);
        var body = new MultipartFormDataContent();
        var profile = new ByteArrayContent(payload.Pprof);
        profile.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(profile, "profile", "profile.pprof");
        request.Content = body;
        if (_options.AuthToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (_options.BasicAuthUser is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + _options.BasicAuthPassword)));
        }

        if (_options.TenantId is { } tenant)
        {
            request.Headers.Add("X-Scope-OrgID", tenant);
        }

        try
        {
            using var response = await _client!.SendAsync(request, stoppingToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return (true, false, string.Empty);
            }

            var code = (int)response.StatusCode;
            var retryable = code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode == HttpStatusCode.RequestTimeout;
            return (false, retryable, $"the server answered {code} {response.ReasonPhrase}");
        }
        catch (HttpRequestException ex)
        {
            return (false, true, "cannot reach the server: " + ex.Message);
        }
        catch (TaskCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, true, $"no answer within {_options.TimeoutSeconds} s");
        }
    }

    private void Drop(string reason)
    {
        _status.NoteDropped(reason);
        PyroscopeLog.Dropped(_logger, reason, _status.Dropped);
    }

    private sealed record Payload(byte[] Pprof, DateTimeOffset From, DateTimeOffset Until, double IntervalMs);
}
