using System.Diagnostics;

namespace Hotpath.Lines;

/// <summary>Reads the registry's counters into one line table per source function (overloads and parts merged by name).</summary>
internal static class LineTable
{
    /// <summary>The line tables of the live counters.</summary>
    public static List<LineFunction> Collect() => Collect(LineSnapshot.Take());

    /// <summary>The line tables of a snapshot (or of the difference of two).</summary>
    public static List<LineFunction> Collect(LineSnapshot snapshot)
    {
        var msPerTick = 1000.0 / Stopwatch.Frequency;
        var result = new Dictionary<(string, string, string), (LineFunction F, Dictionary<int, (long Hits, long Ticks, bool Timed)> Lines, long TimedTotal, long TimedOwn, bool HasEnterExit)>();
        foreach (var (module, hits, times, funcs) in snapshot.Modules)
        {
            foreach (var m in module.Methods)
            {
                var key = (module.Name, m.Name, m.File);
                if (!result.TryGetValue(key, out var entry))
                {
                    entry = (new LineFunction { Module = module.Name, Name = m.Name, File = m.File, Calls = 0 }, [], 0, 0, false);
                }

                var timed = (m.Flags & LineMethodFlags.Timed) != 0;
                if ((m.Flags & LineMethodFlags.StateMachine) == 0)
                {
                    entry.F.Calls += hits[m.Start];
                }

                for (var i = 0; i < m.Lines.Length; i++)
                {
                    var slot = m.Start + 1 + i;
                    entry.Lines.TryGetValue(m.Lines[i], out var line);
                    entry.Lines[m.Lines[i]] = (Math.Max(line.Hits, hits[slot]), line.Ticks + times[slot], line.Timed || timed);
                }

                if (m.TimedSlot >= 0)
                {
                    entry.TimedOwn += funcs[2 * m.TimedSlot];
                    entry.TimedTotal += funcs[(2 * m.TimedSlot) + 1];
                    entry.HasEnterExit = true;
                }

                entry.F.Timed |= timed;
                result[key] = entry;
            }
        }

        var functions = new List<LineFunction>(result.Count);
        foreach (var (f, lines, total, own, enterExit) in result.Values)
        {
            f.Rows = [.. lines.OrderBy(p => p.Key).Select(p => new LineRow(p.Key, p.Value.Hits, p.Value.Timed ? p.Value.Ticks * msPerTick : null, null, null))];
            if (enterExit)
            {
                f.TotalMs = total * msPerTick;
                f.OwnMs = own * msPerTick;
            }
            else if (f.Timed)
            {
                // Async and iterator bodies have no enter/exit: their lines' wall time (awaits included) is the total.
                f.TotalMs = f.Rows.Sum(r => r.TimeMs ?? 0);
            }

            functions.Add(f);
        }

        return functions;
    }
}
