using Hotpath.BenchApi;
using Hotpath.BenchApi.Data;
using Hotpath.BenchApi.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// A bench app shaped like a real service: EF Core over SQLite (seeded at start in a temp folder), a mediator pipeline
// (logging, validation, timing behaviours), JSON in and out, console logging at Information.
var builder = WebApplication.CreateBuilder(args);

// Decided here so that "off" keeps Hotpath out of the process entirely (the overhead benchmark's baseline).
var hotpathEnabled = builder.Configuration.GetValue("Hotpath:Enabled", true);
if (hotpathEnabled)
{
    builder.Services.AddHotpath();
}

var dataDir = Directory.CreateTempSubdirectory("hotpath-benchapi-");
var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir.FullName, "shop.db") }.ToString();
builder.Services.AddDbContext<ShopDb>(o => o.UseSqlite(connectionString));
builder.Services.AddShopPipeline();

var app = builder.Build();
if (hotpathEnabled)
{
    app.UseHotpath();
}

using (var scope = app.Services.CreateScope())
{
    await Seeder.SeedAsync(scope.ServiceProvider.GetRequiredService<ShopDb>(), CancellationToken.None);
}

app.Lifetime.ApplicationStopped.Register(() =>
{
    SqliteConnection.ClearAllPools();
    try
    {
        dataDir.Delete(recursive: true);
    }
    catch (IOException)
    {
        // Best effort: the folder is under the temp directory.
    }
});

app.MapShop();
await app.RunAsync();

/// <summary>The entry point's type, for in-process hosting from tests.</summary>
public partial class Program;
