using PlainApp;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// For the tests of `dotnet-hotpath run`: an app that ends at once with a chosen exit code.
if (args is ["--exit-with", var code])
{
    return int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
}

app.MapGet("/", () => "PlainApp: GET /spin?n=200000 burns CPU.");
app.MapGet("/spin", (int? n) => Results.Text(Spinner.CountCollatzSteps(n ?? 200_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));

// A background loop so a process-scope recording sees work without any request.
if (args.Contains("--background-spin"))
{
    var thread = new Thread(() =>
    {
        while (true)
        {
            Spinner.CountCollatzSteps(100_000);
        }
    }) { IsBackground = true, Name = "PlainApp spinner" };
    thread.Start();
}

app.Run();
return 0;
