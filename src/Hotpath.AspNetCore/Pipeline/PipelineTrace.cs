using System.Diagnostics;
using Hotpath.Requests;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>What the middleware of one request did, in the order they started; a feature of the request.</summary>
internal sealed class PipelineTrace
{
    private readonly List<Slot> _slots = new(16);
    private int _depth;

    public int Depth => _depth;

    public Slot Enter(PipelineComponent component)
    {
        var slot = new Slot(component, _depth) { Start = Stopwatch.GetTimestamp() };
        _slots.Add(slot);
        _depth++;
        return slot;
    }

    /// <summary>The innermost running slot of <paramref name="component"/> (a pipeline may run a component twice: re-execution).</summary>
    public Slot? Open(PipelineComponent component)
    {
        for (var i = _slots.Count - 1; i >= 0; i--)
        {
            var slot = _slots[i];
            if (ReferenceEquals(slot.Component, component) && slot.End == 0)
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>Marks the slot finished; true when it was the outermost (the request's pipeline is done).</summary>
    public bool Exit(Slot slot)
    {
        slot.End = Stopwatch.GetTimestamp();
        _depth--;
        return _depth == 0;
    }

    public IReadOnlyList<MiddlewareStep> Steps()
    {
        var steps = new MiddlewareStep[_slots.Count];
        for (var i = 0; i < _slots.Count; i++)
        {
            var s = _slots[i];
            var end = s.End == 0 ? Stopwatch.GetTimestamp() : s.End;
            var before = s.CalledNext ? Ms(s.Start, s.NextStart) : Ms(s.Start, end);
            var after = s.CalledNext && s.NextEnd != 0 ? Ms(s.NextEnd, end) : 0;
            steps[i] = new MiddlewareStep(s.Component.Name, i, before, after, s.CalledNext, s.Exception?.GetType().FullName)
            {
                Handled = s.Exception is null ? s.NextException?.GetType().FullName : null,
                Depth = s.Depth,
            };
        }

        return steps;
    }

    private static double Ms(long from, long to) => Math.Round(Stopwatch.GetElapsedTime(from, to).TotalMilliseconds, 4);

    internal sealed class Slot(PipelineComponent component, int depth)
    {
        public PipelineComponent Component { get; } = component;

        public int Depth { get; } = depth;

        public long Start { get; set; }

        public long NextStart { get; set; }

        public long NextEnd { get; set; }

        public long End { get; set; }

        public bool CalledNext { get; set; }

        /// <summary>What came out of next, if it threw.</summary>
        public Exception? NextException { get; set; }

        /// <summary>What came out of this middleware, if it threw.</summary>
        public Exception? Exception { get; set; }
    }
}
