namespace Hotpath.Model;

/// <summary>Counters that describe how a profile was gathered, so its numbers can be read honestly.</summary>
public sealed record ProfileTotals
{
    /// <summary>Managed (on-CPU) samples kept in the whole-process scope.</summary>
    public long ProcessSamples { get; init; }

    /// <summary>Samples kept in the requests scope.</summary>
    public long RequestSamples { get; init; }

    /// <summary>Wait samples (a thread blocked or waiting) in the whole-process scope.</summary>
    public long ProcessWaitSamples { get; init; }

    /// <summary>Wait samples of threads running a request.</summary>
    public long RequestWaitSamples { get; init; }

    /// <summary>Samples of threads that were not running managed code (waiting, in native code); kept out of the CPU view.</summary>
    public long IdleSamples { get; init; }

    /// <summary>Samples that reached a cap and were merged into an <c>[other]</c> node.</summary>
    public long MergedSamples { get; init; }

    /// <summary>Request samples kept in the requests scope without their endpoint or request label, because the
    /// profile's byte cap left no room for another row.</summary>
    public long UnlabelledSamples { get; init; }

    /// <summary>Per-request profiles folded into their endpoint's rows early to stay under the byte cap.</summary>
    public long DroppedRequestProfiles { get; init; }

    /// <summary>Samples dropped on purpose: before a clear, or during the discarded first request.</summary>
    public long DiscardedSamples { get; init; }

    /// <summary>Samples of Hotpath's own event-processing thread (in the process scope, never in the requests scope).</summary>
    public long OwnSamples { get; init; }

    /// <summary>Requests that completed while profiling.</summary>
    public long Requests { get; init; }

    /// <summary>Time between the first and the last kept sample, in milliseconds.</summary>
    public double WallSpanMs { get; init; }

    /// <summary>The sampling interval measured from the samples themselves, in milliseconds; null until enough samples arrived.</summary>
    public double? EffectiveIntervalMs { get; init; }

    /// <summary>The interval the runtime was asked to use, in milliseconds.</summary>
    public double ConfiguredIntervalMs { get; init; }
}
