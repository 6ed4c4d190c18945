using Hotpath.Demo;
using Hotpath.Demo.Endpoints;

var builder = WebApplication.CreateBuilder(args);

// Decided here, not by HotpathOptions.Enabled, so that "off" keeps Hotpath out of the process entirely:
// the overhead benchmark compares against that baseline.
var hotpathEnabled = builder.Configuration.GetValue("Hotpath:Enabled", true);
if (hotpathEnabled)
{
    builder.Services.AddHotpath();
}

builder.Services.AddDemoServices();
builder.Services.AddControllers();
builder.Services.AddRazorPages();

var app = builder.Build();

if (hotpathEnabled)
{
    // First, so the profiler sees every later middleware and endpoint.
    app.UseHotpath();

    // Unhandled exceptions from here on become a clean 500 (details only in Development); they are recorded either way.
    app.UseHotpathExceptions();
}

app.MapDemoEndpoints();
app.MapControllers();
app.MapRazorPages();

app.Run();

public partial class Program { }
