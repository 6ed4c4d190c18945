namespace Hotpath.Planted;

/// <summary>Maps one GET endpoint per planted case under /case/{name}, and /ping for readiness.</summary>
public static class PlantedEndpoints
{
    /// <summary>The case names, as used in /case/{name}.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ratio", "recursion", "blocking", "lock", "syncasync", "sleep"];

    /// <summary>Adds the endpoints.</summary>
    public static IEndpointRouteBuilder MapPlantedCases(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ping", () => "pong");
        routes.MapGet("/case/ratio", () => Answer(Cases.RatioCase()));
        routes.MapGet("/case/recursion", () => Answer(Cases.RecursionCase()));
        routes.MapGet("/case/blocking", () => Answer(Cases.BlockingCase()));
        routes.MapGet("/case/lock", () => Answer(Cases.LockCase()));
        routes.MapGet("/case/syncasync", () => Answer(Cases.SyncOverAsyncCase()));
        routes.MapGet("/case/sleep", () => Answer(Cases.SleepCase()));
        return routes;
    }

    private static string Answer(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
