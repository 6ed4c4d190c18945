using Hotpath.AspNetCore.Tests.Errors;
using Hotpath.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Hotpath.AspNetCore.Tests.Samples;

/// <summary>
/// Two processes (the MiddlewareOrder sample and an app in the test process) write errors into one SQLite store, four
/// concurrent clients each: every occurrence arrives, none is lost to a lock.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ErrorStoreTwoProcessesTests(ITestOutputHelper output) : IDisposable
{
    private const int Writers = 4;
    private const int PerWriter = 25;
    private readonly string _folder = Directory.CreateTempSubdirectory("hotpath-errors-2p-").FullName;

    [Fact]
    public async Task Store_EightConcurrentWritersInTwoProcesses_NoRecordLost()
    {
        var db = Path.Combine(_folder, "shared.db");
        var environment = new Dictionary<string, string> { ["Hotpath__ErrorStore"] = db, ["Hotpath__MaxOccurrencesPerGroup"] = "1000" };
        await using var sample = await MiddlewareOrderProcess.StartAsync(output, environment);
        var builder = InProcessApp.CreateBuilder("Production");
        InProcessApp.AddHotpathWithoutProfiler(builder.Services, o =>
        {
            o.AllowRemoteAccess = true;
            o.ErrorStore = db;
            o.MaxOccurrencesPerGroup = 1000;
        });
        var web = InProcessApp.Build(builder);
        web.MapGet("/boom", string () => throw new ArgumentOutOfRangeException("n", "from the test process"));
        await using var local = await InProcessApp.StartAsync(web);

        var writers = Enumerable.Range(0, Writers).Select(_ => HammerAsync(sample.Client, "myapp/exception"))
            .Concat(Enumerable.Range(0, Writers).Select(_ => HammerAsync(local.Client, "boom")));
        await Task.WhenAll(writers);

        await WaitWrittenAsync(sample.Client, Writers * PerWriter);
        await WaitWrittenAsync(local.Client, Writers * PerWriter);
        await local.App.StopAsync();

        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        Assert.Equal(2 * Writers * PerWriter, Scalar(connection, "SELECT count(*) FROM hotpath_errors;"));
        Assert.Equal(2 * Writers * PerWriter, Scalar(connection, "SELECT sum(count) FROM hotpath_error_groups;"));
        Assert.Equal(2, Scalar(connection, "SELECT count(DISTINCT process) FROM hotpath_errors;"));
        Assert.Equal(0, (await ErrorsApiClient.ListAsync(sample.Client)).GetProperty("store").GetProperty("dropped").GetInt64());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task HammerAsync(HttpClient client, string path)
    {
        for (var i = 0; i < PerWriter; i++)
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(500, (int)response.StatusCode);
        }
    }

    private static Task WaitWrittenAsync(HttpClient client, long count) =>
        Poll.UntilAsync(() => ErrorsApiClient.ListAsync(client), l => l.GetProperty("store").GetProperty("written").GetInt64() >= count,
            TimeSpan.FromSeconds(60), $"{count} errors written to the store", l => l.GetProperty("store").ToString());

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
