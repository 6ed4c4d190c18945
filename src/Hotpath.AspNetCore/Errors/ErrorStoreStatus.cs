namespace Hotpath.AspNetCore.Errors;

/// <summary>What the error log tells about its persistent store: where, whether it works, what was lost.</summary>
internal sealed class ErrorStoreStatus
{
    private long _dropped;
    private long _written;
    private volatile string? _error;

    /// <summary>The resolved database path, or null without a store.</summary>
    public string? Path { get; set; }

    public string? Error
    {
        get => _error;
        set => _error = value;
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    public void CountDropped(long count = 1) => Interlocked.Add(ref _dropped, count);

    public void CountWritten(long count) => Interlocked.Add(ref _written, count);

    public object Describe() => new
    {
        configured = Path is not null,
        path = Path is null ? null : System.IO.Path.GetFileName(Path),
        state = Path is null ? "memory only" : Error is null ? "ok" : "failing",
        error = Error,
        written = Written,
        dropped = Dropped,
    };
}
