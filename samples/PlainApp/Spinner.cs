using System.Runtime.CompilerServices;

namespace PlainApp;

/// <summary>The sample's CPU-bound hot spot.</summary>
public static class Spinner
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long CountCollatzSteps(int limit)
    {
        long steps = 0;
        for (long start = 1; start <= limit; start++)
        {
            var n = start;
            while (n != 1)
            {
                n = (n & 1) == 0 ? n >> 1 : (3 * n) + 1;
                steps++;
            }
        }

        return steps;
    }
}
