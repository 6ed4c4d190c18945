using Hotpath.Planted;

// A tiny app of planted cases: each endpoint runs one case whose CPU split is known (or measured by perf), and the
// accuracy harness compares Hotpath's shares against perf's. Hotpath is on unless Hotpath:Enabled is false.
var builder = WebApplication.CreateBuilder(args);
var hotpathEnabled = builder.Configuration.GetValue("Hotpath:Enabled", true);
if (hotpathEnabled)
{
    builder.Services.AddHotpath();
}

var app = builder.Build();
if (hotpathEnabled)
{
    app.UseHotpath();
}

app.MapPlantedCases();
app.Run();

/// <summary>The entry point's type, for in-process hosting from tests.</summary>
public partial class Program;
