namespace Hotpath.MiddlewareOrder;

/// <summary>The seed's print(): one line on standard output, flushed at once so the order is the order it happened.</summary>
public static class Print
{
    public static void Line(string text)
    {
        Console.Out.WriteLine(text);
        Console.Out.Flush();
    }
}
