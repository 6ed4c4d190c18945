using System.Diagnostics;

namespace Hotpath.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Waits for eventually-true conditions. Samples reach the profile some time after they are taken, so tests poll with
/// generous deadlines instead of sleeping or asserting on durations.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Probes until <paramref name="done"/> holds; fails with the last value when the deadline passes.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<T, string>? describe = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                var last = describe is null ? value?.ToString() : describe(value);
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0} s waiting for {what}. Last value: {last}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Runs <paramref name="check"/> repeatedly for <paramref name="window"/>: the condition it asserts must hold throughout.</summary>
    public static async Task ThroughoutAsync(TimeSpan window, Func<Task> check)
    {
        var started = Stopwatch.GetTimestamp();
        do
        {
            await check();
            await Task.Delay(Interval);
        }
        while (Stopwatch.GetElapsedTime(started) < window);

        await check();
    }
}
