using System.Text;
using Hotpath.Model;

namespace Hotpath.Export;

/// <summary>
/// Writes collapsed stacks, the format flamegraph.pl, speedscope and inferno read: one line per distinct stack,
/// <c>root;…;leaf count</c>.
/// </summary>
public static class CollapsedStackExporter
{
    /// <summary>Writes every stack of <paramref name="scope"/> that has samples.</summary>
    public static void Write(ProfileSnapshot snapshot, ProfileScope scope, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Write(snapshot, snapshot.Counts(scope), writer);
    }

    /// <summary>Writes every stack of <paramref name="view"/> (its scope and measure) that has weight.</summary>
    public static void Write(ProfileView view, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(view);
        Write(view.Snapshot, view.Weights, writer);
    }

    private static void Write(ProfileSnapshot snapshot, IReadOnlyList<long> counts, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var names = new string[snapshot.Frames.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Sanitize(snapshot.Frames[i].DisplayName);
        }

        var stack = new List<int>();
        var line = new StringBuilder();
        for (var node = 1; node < snapshot.NodeCount; node++)
        {
            var count = counts[node];
            if (count == 0)
            {
                continue;
            }

            snapshot.GetStack(node, stack);
            line.Clear();
            for (var i = 0; i < stack.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(';');
                }

                line.Append(names[stack[i]]);
            }

            line.Append(' ').Append(count);
            writer.Write(line);
            writer.Write('\n');
        }
    }

    /// <summary>Returns the collapsed stacks as one string.</summary>
    public static string ToText(ProfileSnapshot snapshot, ProfileScope scope)
    {
        using var writer = new StringWriter();
        Write(snapshot, scope, writer);
        return writer.ToString();
    }

    // ';' separates frames and a line ends the record; the count follows the last space, so names keep their spaces.
    private static string Sanitize(string name)
    {
        if (name.AsSpan().IndexOfAny(";\r\n") < 0)
        {
            return name;
        }

        return name.Replace(';', ',').Replace('\r', ' ').Replace('\n', ' ');
    }
}
