namespace Hotpath.LineProfiler;

/// <summary>
/// One thread's stack of timed frames: the time spent in timed callees (to derive own time) and each function's
/// recursion depth (so a recursive function's total time counts only its outermost call, as cProfile does).
/// </summary>
internal sealed class CallFrames
{
    [ThreadStatic]
    private static CallFrames? t_current;

    private int[] _depth = new int[64];
    private long[] _childTicks = new long[32];
    private int _top;

    public static CallFrames Current => t_current ??= new CallFrames();

    /// <summary>Timed frames entered on this thread and not yet exited.</summary>
    public int OpenFrames => _top;

    public void Enter(int functionId)
    {
        if (functionId >= _depth.Length)
        {
            Array.Resize(ref _depth, Math.Max(functionId + 1, _depth.Length * 2));
        }

        _depth[functionId]++;
        if (++_top == _childTicks.Length)
        {
            Array.Resize(ref _childTicks, _childTicks.Length * 2);
        }

        _childTicks[_top] = 0;
    }

    public (long Own, bool Outermost) Exit(int functionId, long elapsed)
    {
        long child = 0;
        if (_top > 0)
        {
            child = _childTicks[_top--];
        }

        // Slot 0 is the root: time of top-level frames accumulates there and is never read.
        _childTicks[_top] += elapsed;
        var outermost = functionId < _depth.Length && --_depth[functionId] <= 0;
        if (outermost && functionId < _depth.Length)
        {
            _depth[functionId] = 0;
        }

        return (elapsed - child, outermost);
    }
}
