using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// The persistent error log (<see cref="HotpathOptions.ErrorStore"/>): an SQLite database in WAL mode that several
/// processes may write at once. Occurrences are queued (bounded; drops counted) and written by one background loop,
/// each in its own immediate transaction, retried while another writer holds the lock. A file that cannot be used is
/// logged with what to do, and the application and the in-memory log go on; the loop keeps retrying, so a lock that
/// goes away or a file that is fixed starts working again.
/// </summary>
internal sealed partial class SqliteErrorStore : IErrorSink, IDisposable
{
    private const int BatchSize = 64;
    private const int Attempts = 4;
    private readonly Channel<ErrorOccurrence>? _queue;
    private readonly ErrorLog _log;
    private readonly ErrorStoreStatus _status;
    private readonly ILogger _logger;
    private readonly int _maxGroups;
    private readonly int _maxPerGroup;
    private readonly TimeSpan _busyTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private SqliteErrorDatabase? _database;
    private Task? _loop;
    private string? _lastError;

    public SqliteErrorStore(IOptions<HotpathOptions> options, IHostEnvironment environment, ErrorLog log, ErrorStoreStatus status, ILogger<SqliteErrorStore> logger)
    {
        var o = options.Value;
        _log = log;
        _status = status;
        _logger = logger;
        _maxGroups = o.MaxErrorGroups;
        _maxPerGroup = o.MaxOccurrencesPerGroup;
        _busyTimeout = TimeSpan.FromSeconds(2);
        if (o.Enabled && o.ErrorStore is { } path)
        {
            _status.Path = Path.GetFullPath(path, environment.ContentRootPath);
            _queue = Channel.CreateBounded<ErrorOccurrence>(new BoundedChannelOptions(o.ErrorStoreQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }
    }

    public void Write(ErrorOccurrence occurrence)
    {
        if (_queue is not null && !_queue.Writer.TryWrite(occurrence))
        {
            _status.CountDropped();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_queue is null)
        {
            return Task.CompletedTask;
        }

        // Opening and loading run here, before the server takes requests, but never fail the start: a bad file is logged.
        if (TryOpen() is { } database)
        {
            try
            {
                foreach (var group in database.Load(_maxGroups, _maxPerGroup))
                {
                    _log.Restore(group);
                }
            }
            catch (Exception ex) when (ex is SqliteException or JsonException or FormatException)
            {
                Fail("could not be read", ex);
            }
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is null || _loop is null)
        {
            return;
        }

        // Write what is queued (a few seconds at most), then stop.
        _queue.Writer.TryComplete();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linked.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _loop.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var batch = new List<ErrorOccurrence>(BatchSize);
        var reader = _queue!.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (batch.Count < BatchSize && reader.TryRead(out var occurrence))
                {
                    batch.Add(occurrence);
                }

                await WriteBatchAsync(batch, stopping).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            _status.CountDropped(batch.Count);
        }
        finally
        {
            _database?.Dispose();
            _database = null;
        }
    }

    private async Task WriteBatchAsync(List<ErrorOccurrence> batch, CancellationToken stopping)
    {
        var written = 0;
        for (var attempt = 1; written < batch.Count; attempt++)
        {
            try
            {
                var database = TryOpen() ?? throw new InvalidOperationException(_lastError);
                for (; written < batch.Count; written++)
                {
                    database.Insert(batch[written], _maxPerGroup);
                }

                _status.CountWritten(batch.Count);
                Recovered();
                return;
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                if (ex is SqliteException sqlite)
                {
                    Fail(Describe(sqlite), ex);
                    if (sqlite.SqliteErrorCode is not (5 or 6))
                    {
                        // Not a lock: the connection may be unusable (corrupt or read-only file); reopen next time.
                        _database?.Dispose();
                        _database = null;
                    }
                }

                if (attempt >= Attempts)
                {
                    _status.CountDropped(batch.Count - written);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), stopping).ConfigureAwait(false);
            }
        }
    }

    private SqliteErrorDatabase? TryOpen()
    {
        if (_database is not null)
        {
            return _database;
        }

        try
        {
            _database = SqliteErrorDatabase.Open(_status.Path!, _busyTimeout);
            return _database;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Fail(ex is SqliteException sqlite ? Describe(sqlite) : "could not be opened", ex);
            return null;
        }
    }

    private static string Describe(SqliteException ex) => ex.SqliteErrorCode switch
    {
        5 or 6 => "is locked by another process or connection (retrying in the background)",
        8 => "is read-only (check the file's and the folder's permissions)",
        11 or 26 => "is corrupt or not an SQLite database (move it away or delete it; Hotpath creates a new one)",
        14 => "cannot be opened or created (check that the folder exists and is writable)",
        _ => "failed (" + ex.SqliteErrorCode + ")",
    };

    private void Fail(string what, Exception exception)
    {
        var message = $"Hotpath:ErrorStore '{_status.Path}' {what}: {exception.Message}";
        _status.Error = message;
        if (message != _lastError)
        {
            // Logged when the problem changes, not for every error that cannot be written.
            _lastError = message;
            Log.StoreFailed(_logger, message, exception);
        }
    }

    private void Recovered()
    {
        if (_lastError is not null)
        {
            _lastError = null;
            _status.Error = null;
            Log.StoreRecovered(_logger, _status.Path!);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _database?.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(130, LogLevel.Error, "{Message}. The application keeps serving; errors are kept in memory (api/errors) until the store works again.")]
        public static partial void StoreFailed(ILogger logger, string message, Exception exception);

        [LoggerMessage(131, LogLevel.Information, "Hotpath:ErrorStore '{Path}' works again.")]
        public static partial void StoreRecovered(ILogger logger, string path);
    }
}
