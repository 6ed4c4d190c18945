using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotpath.AspNetCore.Tests.Errors;

/// <summary>The SQLite error store: survives restarts, never keeps secrets, and a bad file never stops the app.</summary>
[Collection(DemoCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ErrorStoreTests : IDisposable
{
    private const string Secret = "store-secret-987";
    private readonly string _folder = Directory.CreateTempSubdirectory("hotpath-errors-").FullName;

    private string DbPath => Path.Combine(_folder, "errors.db");

    [Fact]
    public async Task Store_Restart_ErrorsComeBackWithTheirRequestsAndNoSecretIsInTheFile()
    {
        var (firstApp, _) = await StartAsync();
        await using (var first = firstApp)
        {
            for (var i = 0; i < 3; i++)
            {
                await SendWithSecretsAsync(first);
            }

            await WaitWrittenAsync(first, 3);
        }

        var (second, _) = await StartAsync();
        await using var _ = second;
        var (group, _, _) = await ErrorsApiClient.WaitForGroupAsync(second.Client, typeof(DriveNotFoundException).FullName!, count: 3);

        Assert.Equal(3, group.GetProperty("count").GetInt64());
        Assert.Equal(3, group.GetProperty("occurrences").GetArrayLength());
        var request = group.GetProperty("occurrences")[0].GetProperty("request");
        Assert.Equal("/boom", request.GetProperty("path").GetString());
        Assert.Equal("[redacted]", request.GetProperty("headers").GetProperty("Authorization").GetString());
        await second.App.StopAsync();
        foreach (var file in Directory.GetFiles(_folder))
        {
            Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
        }
    }

    [Fact]
    public async Task Store_CorruptFile_LoggedClearlyAndTheAppKeepsServingFromMemory()
    {
        await File.WriteAllBytesAsync(DbPath, Encoding.ASCII.GetBytes(new string('x', 8192)));

        await AssertKeepsServingAsync("corrupt");
    }

    [Fact]
    public async Task Store_ReadOnlyFile_LoggedClearlyAndTheAppKeepsServingFromMemory()
    {
        CreateEmptyStore();
        MakeReadOnly(DbPath);
        try
        {
            await AssertKeepsServingAsync("read-only");
        }
        finally
        {
            MakeWritable(DbPath);
        }
    }

    [Fact]
    public async Task Store_LockedFile_LoggedClearlyKeepsServingAndWritesOnceTheLockIsGone()
    {
        CreateEmptyStore();
        var locker = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        locker.Open();
        using (var exclusive = locker.CreateCommand())
        {
            exclusive.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO hotpath_meta (key, value) VALUES ('lock', 'held');";
            exclusive.ExecuteNonQuery();
        }

        var app = await AssertKeepsServingAsync("locked", keep: true);
        await using (app.App)
        {
            locker.Dispose();
            await SendWithSecretsAsync(app.App);
            await WaitWrittenAsync(app.App, 1);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(InProcessApp App, ListLoggerProvider Logs)> AssertKeepsServingAsync(string expectedInLog, bool keep = false)
    {
        var started = await StartAsync();
        try
        {
            await SendWithSecretsAsync(started.App);
            Assert.Equal("app", await started.App.Client.GetStringAsync(InProcessApp.AppEndpoint));
            await ErrorsApiClient.WaitForGroupAsync(started.App.Client, typeof(DriveNotFoundException).FullName!);
            await Poll.UntilAsync(() => Task.FromResult(started.Logs.Text), t => t.Contains(expectedInLog, StringComparison.Ordinal) && t.Contains("ErrorStore", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), $"a logged error saying the store is {expectedInLog}", t => t);
            var store = (await ErrorsApiClient.ListAsync(started.App.Client)).GetProperty("store");
            Assert.Equal("failing", store.GetProperty("state").GetString());
            Assert.Contains(expectedInLog, store.GetProperty("error").GetString());
            if (!keep)
            {
                await started.App.DisposeAsync();
            }

            return started;
        }
        catch
        {
            await started.App.DisposeAsync();
            throw;
        }
    }

    private async Task<(InProcessApp App, ListLoggerProvider Logs)> StartAsync()
    {
        var logs = new ListLoggerProvider();
        var builder = InProcessApp.CreateBuilder("Production");
        builder.Logging.AddProvider(logs);
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o =>
        {
            o.AllowRemoteAccess = true;
            o.ErrorStore = DbPath;
        });
        var web = InProcessApp.Build(builder);
        web.MapGet("/boom", string () => throw new DriveNotFoundException("no drive"));
        return (await InProcessApp.StartAsync(web), logs);
    }

    private static async Task SendWithSecretsAsync(InProcessApp app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/boom?token={Secret}&page=1");
        request.Headers.Add("Authorization", "Bearer " + Secret);
        request.Headers.Add("Cookie", "auth=" + Secret);
        using var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private static Task WaitWrittenAsync(InProcessApp app, long count) =>
        Poll.UntilAsync(() => ErrorsApiClient.ListAsync(app.Client), l => l.GetProperty("store").GetProperty("written").GetInt64() >= count,
            TimeSpan.FromSeconds(30), $"{count} errors written to the store", l => l.GetProperty("store").ToString());

    private void CreateEmptyStore()
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE hotpath_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO hotpath_meta VALUES ('schema', '1');";
        command.ExecuteNonQuery();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
        checkpoint.ExecuteNonQuery();
    }

    // Root ignores file modes, so as root the file is made immutable instead (chattr +i, ext4 here).
    private static void MakeReadOnly(string path)
    {
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
        {
            Run("chattr", "+i", path);
        }

        var writable = true;
        try
        {
            using var _ = File.OpenWrite(path);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            writable = false;
        }

        Assert.False(writable, $"could not make {path} read-only for the test (chmod, and chattr +i as root)");
    }

    private static void MakeWritable(string path)
    {
        if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
        {
            Run("chattr", "-i", path);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {error}");
    }
}
