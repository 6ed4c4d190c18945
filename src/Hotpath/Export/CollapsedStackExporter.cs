using System.Text;
using Hotpath.Model;

namespace Hotpath.Export;

/// <summary>
/// Writes collapsed stacks, the format flamegraph.pl, speedscope and inferno read: one line per distinct stack,
/// <c>root;…;leaf count</c>. Names are the frames' full runtime names (module-qualified), as exports keep them.
/// </summary>
public static class CollapsedStackExporter
{
    /// <summary>Writes every stack of <paramref name="view"/> that has weight.</summary>
    public static void Write(ProfileView view, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(writer);
        var weights = view.Weights;
        var parents = view.NodeParent;
        var nodeFrames = view.NodeFrame;
        var names = new string[view.Frames.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Sanitize(view.Frames[i].DisplayName);
        }

        var stack = new List<int>();
        var line = new StringBuilder();
        for (var node = 1; node < view.NodeCount; node++)
        {
            var count = weights[node];
            if (count == 0)
            {
                continue;
            }

            stack.Clear();
            for (var n = node; n > 0; n = parents[n])
            {
                stack.Add(nodeFrames[n]);
            }

            line.Clear();
            for (var i = stack.Count - 1; i >= 0; i--)
            {
                line.Append(names[stack[i]]);
                if (i > 0)
                {
                    line.Append(';');
                }
            }

            line.Append(' ').Append(count);
            writer.Write(line);
            writer.Write('\n');
        }
    }

    /// <summary>Writes every stack of one scope's CPU samples.</summary>
    public static void Write(ProfileSnapshot snapshot, ProfileScope scope, TextWriter writer) =>
        Write(ProfileView.Create(snapshot, new ProfileFilter { Scope = scope }), writer);

    /// <summary>Returns the collapsed stacks of a view as one string.</summary>
    public static string ToText(ProfileView view)
    {
        using var writer = new StringWriter();
        Write(view, writer);
        return writer.ToString();
    }

    /// <summary>Returns the collapsed stacks of one scope as one string.</summary>
    public static string ToText(ProfileSnapshot snapshot, ProfileScope scope) =>
        ToText(ProfileView.Create(snapshot, new ProfileFilter { Scope = scope }));

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
