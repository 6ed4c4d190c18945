using System.Diagnostics;

namespace Hotpath.LineProfiler.Reports;

/// <summary>Reads the registry's counters into one line table per source function (overloads and parts merged by name).</summary>
internal static class LineTable
{
    public static List<LineFunction> Collect()
    {
        var msPerTick = 1000.0 / Stopwatch.Frequency;
        var result = new Dictionary<(string, string, string), (LineFunction F, Dictionary<int, (long Hits, long Ticks, bool Timed)> Lines, long TimedTotal, long TimedOwn, bool HasEnterExit)>();
        foreach (var module in LineRegistry.Modules)
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
                    entry.F.Calls += Volatile.Read(ref module.Hits[m.Start]);
                }

                for (var i = 0; i < m.Lines.Length; i++)
                {
                    var slot = m.Start + 1 + i;
                    entry.Lines.TryGetValue(m.Lines[i], out var line);
                    entry.Lines[m.Lines[i]] = (Math.Max(line.Hits, Volatile.Read(ref module.Hits[slot])), line.Ticks + Volatile.Read(ref module.Times[slot]), line.Timed || timed);
                }

                if (m.TimedSlot >= 0)
                {
                    entry.TimedOwn += Volatile.Read(ref module.Functions[2 * m.TimedSlot]);
                    entry.TimedTotal += Volatile.Read(ref module.Functions[(2 * m.TimedSlot) + 1]);
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
