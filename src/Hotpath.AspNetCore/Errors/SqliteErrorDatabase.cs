using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hotpath.AspNetCore.Errors;

/// <summary>
/// The error store's SQL: one connection, WAL journal (readers never block the writer; writers of several processes
/// take turns), a busy timeout, and one immediate transaction per occurrence (insert, group upsert, trim).
/// </summary>
internal sealed class SqliteErrorDatabase : IDisposable
{
    private const int SchemaVersion = 1;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;

    private SqliteErrorDatabase(SqliteConnection connection) => _connection = connection;

    public static SqliteErrorDatabase Open(string path, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds};");
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL;") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"the database could not be switched to WAL mode (journal_mode is '{mode}'), which several writers need");
            }

            Execute(connection, "PRAGMA synchronous = NORMAL;");
            using (var transaction = connection.BeginTransaction())
            {
                Execute(connection, """
                    CREATE TABLE IF NOT EXISTS hotpath_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS hotpath_error_groups (
                        id TEXT PRIMARY KEY, type TEXT NOT NULL, site TEXT NOT NULL, message TEXT NOT NULL, handled_by TEXT NOT NULL,
                        count INTEGER NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS hotpath_errors (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT, group_id TEXT NOT NULL, at TEXT NOT NULL, type TEXT NOT NULL,
                        message TEXT NOT NULL, site TEXT NOT NULL, handled_by TEXT NOT NULL, stack_trace TEXT NOT NULL,
                        request TEXT NOT NULL, request_id INTEGER, process INTEGER NOT NULL);
                    CREATE INDEX IF NOT EXISTS hotpath_errors_by_group ON hotpath_errors (group_id, seq);
                    INSERT OR IGNORE INTO hotpath_meta (key, value) VALUES ('schema', '1');
                    """, transaction);
                var version = Scalar(connection, "SELECT value FROM hotpath_meta WHERE key = 'schema';", transaction) as string;
                if (version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException($"the database has error-store schema version '{version}', this Hotpath reads version {SchemaVersion}; use another file");
                }

                transaction.Commit();
            }

            return new SqliteErrorDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Insert(ErrorOccurrence o, int maxPerGroup)
    {
        using var transaction = _connection.BeginTransaction();
        using (var insert = Command("""
            INSERT INTO hotpath_errors (group_id, at, type, message, site, handled_by, stack_trace, request, request_id, process)
            VALUES ($group, $at, $type, $message, $site, $handledBy, $stack, $request, $requestId, $process);
            INSERT INTO hotpath_error_groups (id, type, site, message, handled_by, count, first_seen, last_seen)
            VALUES ($group, $type, $site, $message, $handledBy, 1, $at, $at)
            ON CONFLICT (id) DO UPDATE SET
                count = count + 1,
                message = CASE WHEN excluded.last_seen >= last_seen THEN excluded.message ELSE message END,
                handled_by = CASE WHEN excluded.last_seen >= last_seen THEN excluded.handled_by ELSE handled_by END,
                first_seen = min(first_seen, excluded.first_seen),
                last_seen = max(last_seen, excluded.last_seen);
            DELETE FROM hotpath_errors WHERE group_id = $group AND seq <= (
                SELECT seq FROM hotpath_errors WHERE group_id = $group ORDER BY seq DESC LIMIT 1 OFFSET $max);
            """, transaction))
        {
            insert.Parameters.AddWithValue("$group", o.GroupId);
            insert.Parameters.AddWithValue("$at", Time(o.At));
            insert.Parameters.AddWithValue("$type", o.Type);
            insert.Parameters.AddWithValue("$message", o.Message);
            insert.Parameters.AddWithValue("$site", o.Site);
            insert.Parameters.AddWithValue("$handledBy", o.HandledBy);
            insert.Parameters.AddWithValue("$stack", o.StackTrace);
            insert.Parameters.AddWithValue("$request", JsonSerializer.Serialize(o.Request, Json));
            insert.Parameters.AddWithValue("$requestId", (object?)o.RequestId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$process", Environment.ProcessId);
            insert.Parameters.AddWithValue("$max", maxPerGroup);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The most recently seen groups with their latest occurrences (newest first).</summary>
    public IReadOnlyList<ErrorGroup> Load(int maxGroups, int maxPerGroup)
    {
        var groups = new List<(string Id, string Type, string Site, string Message, string HandledBy, long Count, string First, string Last)>();
        using (var select = Command("SELECT id, type, site, message, handled_by, count, first_seen, last_seen FROM hotpath_error_groups ORDER BY last_seen DESC LIMIT $max;"))
        {
            select.Parameters.AddWithValue("$max", maxGroups);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                groups.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.GetString(6), reader.GetString(7)));
            }
        }

        var result = new List<ErrorGroup>(groups.Count);
        foreach (var g in groups)
        {
            var occurrences = new List<ErrorOccurrence>();
            using var select = Command("SELECT seq, at, type, message, site, handled_by, stack_trace, request FROM hotpath_errors WHERE group_id = $group ORDER BY seq DESC LIMIT $max;");
            select.Parameters.AddWithValue("$group", g.Id);
            select.Parameters.AddWithValue("$max", maxPerGroup);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var request = JsonSerializer.Deserialize<ErrorRequest>(reader.GetString(7), Json) ?? throw new JsonException("empty request");
                occurrences.Add(new ErrorOccurrence(reader.GetInt64(0), g.Id, ParseTime(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), request));
            }

            result.Add(new ErrorGroup(g.Id, g.Type, g.Message, g.Site, g.Count, ParseTime(g.First), ParseTime(g.Last), g.HandledBy, occurrences));
        }

        return result;
    }

    public void Dispose() => _connection.Dispose();

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    // Fixed-width UTC text: sorts as time does, in SQL too.
    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
