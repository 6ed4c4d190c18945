namespace Hotpath.Model;

/// <summary>What a sample's value measures. Every view and exporter shows one measure at a time.</summary>
public enum ProfileMeasure
{
    /// <summary>On-CPU samples: the thread was running when it was sampled.</summary>
    Cpu,

    /// <summary>Wait samples: the thread belonged to a request but was blocked or waiting (sleep, lock, sync-over-async, I/O).</summary>
    Wait,
}
