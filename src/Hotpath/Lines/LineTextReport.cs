using System.Globalization;

namespace Hotpath.Lines;

/// <summary>
/// Writes line tables as wsgi_lineprof does (format in docs/lines.md): a <c>Time unit</c> line, then per function
/// <c>File:</c>, <c>Name:</c>, <c>Total time:</c> and <c>Calls:</c>, then a <c>Line Hits Time [Sampled] Code</c> table.
/// </summary>
internal static class LineTextReport
{
    public static void Write(TextWriter output, IReadOnlyList<LineFunction> functions)
    {
        output.Write("Time unit: 1e-06 [sec]\n");
        foreach (var f in functions)
        {
            output.Write('\n');
            output.Write($"File: {f.File}\n");
            output.Write($"Name: {f.Name}\n");
            output.Write(f.TotalMs is { } ms ? string.Create(CultureInfo.InvariantCulture, $"Total time: {ms / 1000:0.000000} [sec]\n") : "Total time: not timed\n");
            output.Write(f.Calls is { } calls ? string.Create(CultureInfo.InvariantCulture, $"Calls: {calls}\n") : "Calls: not instrumented\n");
            var header = "  Line      Hits         Time" + (f.Sampled ? "   Sampled" : string.Empty) + "  Code";
            output.Write(header);
            output.Write('\n');
            output.Write(new string('=', header.Length));
            output.Write('\n');
            foreach (var r in f.Rows)
            {
                output.Write(Cell(r.Line.ToString(CultureInfo.InvariantCulture), 6));
                output.Write(Cell(r.Hits?.ToString(CultureInfo.InvariantCulture), 10));
                output.Write(Cell(r.TimeMs is { } t ? Math.Round(t * 1000).ToString("0", CultureInfo.InvariantCulture) : null, 13));
                if (f.Sampled)
                {
                    output.Write(Cell(r.Samples?.ToString(CultureInfo.InvariantCulture), 10));
                }

                output.Write("  ");
                output.Write(r.Code ?? string.Empty);
                output.Write('\n');
            }
        }
    }

    private static string Cell(string? value, int width) => (value ?? string.Empty).PadLeft(width);
}
