namespace Hotpath.AspNetCore.Pyroscope;

/// <summary>What the pusher did, for the API and the logs. Updated by the pusher only; read by anyone.</summary>
internal sealed class PyroscopeStatus
{
    private long _sent;
    private long _dropped;
    private long _failedAttempts;
    private long _skippedEmpty;

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Profiles given up on: pushed out of a full queue, refused by the server, or out of retries.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Intervals with no new samples, not sent.</summary>
    public long SkippedEmpty => Interlocked.Read(ref _skippedEmpty);

    public string? LastError { get; private set; }

    public DateTimeOffset? LastSentAt { get; private set; }

    public void NoteSent(DateTimeOffset at)
    {
        Interlocked.Increment(ref _sent);
        LastSentAt = at;
    }

    public void NoteDropped(string reason)
    {
        Interlocked.Increment(ref _dropped);
        LastError = reason;
    }

    public void NoteFailedAttempt(string reason)
    {
        Interlocked.Increment(ref _failedAttempts);
        LastError = reason;
    }

    public void NoteSkipped() => Interlocked.Increment(ref _skippedEmpty);
}
