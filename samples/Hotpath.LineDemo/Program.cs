using Hotpath.LineDemo;

if (args.Contains("--scenarios"))
{
    // Console mode: the tests compare this output with and without instrumentation.
    await Scenarios.RunAllAsync(Console.Out);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHotpath();
builder.Services.AddSingleton(new Catalog(2000));
var app = builder.Build();
app.UseHotpath();
app.MapGet("/", () => "Hotpath line demo: /loop, /fib, /delay, /search?tag=tag3, /words, /spin?ms=100; lines at /__profile__/lines.html");
app.MapGet("/loop", () => Scenarios.Loop(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapGet("/fib", () => Scenarios.Fib(20).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapGet("/delay", async () => (await Scenarios.DelayAsync(50)).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapGet("/search", (Catalog catalog, string? tag) => catalog.Search(tag ?? "tag3", 40));
app.MapGet("/spin", (int? ms) => Scenarios.Spin(Math.Clamp(ms ?? 100, 1, 2000)).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapGet("/words", () => Scenarios.Words("the quick brown fox jumps over the lazy dog, the end.").Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
app.Run();
