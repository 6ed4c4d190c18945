using System.Diagnostics;
using Hotpath.Sampling;

namespace Hotpath.Tests.Sampling;

public sealed class ThreadLogRegistryTests
{
    private const int Capacity = 64;
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void TryRegister_PastTheCapWithBusyThreads_RefusesAndCounts()
    {
        using var registry = new ThreadLogRegistry(4, Capacity, TimeSpan.FromHours(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));
        var now = Stopwatch.GetTimestamp();
        for (var thread = 1; thread <= 4; thread++)
        {
            Assert.NotNull(registry.TryRegister(thread, now, requestId: 7));
        }

        var refused = registry.TryRegister(5, now, requestId: 8);

        Assert.Null(refused);
        Assert.Equal(4, registry.Count);
        Assert.Equal(1, registry.Refused);
        Assert.Equal(-1, registry.Lookup(5, now)); // unknown, not "no request": counted as unattributed
        Assert.Equal(0, registry.Lookup(6, now));
        Assert.Equal(7, registry.Lookup(1, now));
    }

    [Fact]
    public void TryRegister_AtTheCapWithIdleThreads_PrunesThemAndRegisters()
    {
        using var registry = new ThreadLogRegistry(4, Capacity, TimeSpan.FromHours(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));
        var now = Stopwatch.GetTimestamp();
        for (var thread = 1; thread <= 4; thread++)
        {
            registry.TryRegister(thread, now - (120 * Second), requestId: 0);
        }

        var log = registry.TryRegister(5, now, requestId: 9);

        Assert.NotNull(log);
        Assert.Equal(1, registry.Count);
        Assert.Equal(4, registry.Pruned);
        Assert.Equal(9, registry.Lookup(5, now));
    }

    [Fact]
    public void Prune_ThreadLastInsideARequest_IsKeptUntilStale()
    {
        using var registry = new ThreadLogRegistry(16, Capacity, TimeSpan.FromHours(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));
        var now = Stopwatch.GetTimestamp();
        var busy = registry.TryRegister(1, now - (120 * Second), requestId: 3)!;
        var idle = registry.TryRegister(2, now - (120 * Second), requestId: 0)!;

        var dropped = registry.Prune(now);
        var later = registry.Prune(now + (600 * Second));

        Assert.Equal(1, dropped);
        Assert.True(idle.Detached);
        Assert.Equal(1, later);
        Assert.True(busy.Detached);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public async Task Timer_WithoutAnySample_PrunesIdleLogs()
    {
        // No profiler, no samples: only the registry's own timer can forget these logs.
        using var registry = new ThreadLogRegistry(16, Capacity, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        var now = Stopwatch.GetTimestamp();
        registry.TryRegister(1, now, requestId: 0);
        registry.TryRegister(2, now, requestId: 0);
        var busy = registry.TryRegister(3, now, requestId: 11)!;

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (registry.Count > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, registry.Count);
        Assert.False(busy.Detached);
        Assert.Equal(11, registry.Lookup(3, Stopwatch.GetTimestamp()));
    }

    [Fact]
    public void BytesPerLog_DefaultTrackerLogs_Are128KiBAndTheCapBoundsTheTotal()
    {
        using var registry = new ThreadLogRegistry(RequestTracker.MaxThreadLogs, RequestTracker.LogCapacity, TimeSpan.FromHours(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));

        Assert.Equal(128 * 1024, registry.BytesPerLog);
        Assert.Equal(32L * 1024 * 1024, registry.BytesPerLog * registry.MaxLogs);
    }
}
