namespace Hotpath.Sampling;

/// <summary>The life cycle of a sampling profiler.</summary>
public enum ProfilerState
{
    /// <summary>Created, not started.</summary>
    NotStarted,

    /// <summary>The session is starting and method names are being collected (rundown).</summary>
    Starting,

    /// <summary>Samples are being accumulated.</summary>
    Running,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>Could not start or failed while running; see the status message. The application is unaffected.</summary>
    Failed,
}
