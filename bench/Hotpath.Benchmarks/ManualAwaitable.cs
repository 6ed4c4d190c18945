using System.Runtime.CompilerServices;

namespace Hotpath.Benchmarks;

/// <summary>
/// An awaitable that never completes on its own; <see cref="Resume"/> runs the pending continuation on the calling
/// thread. Benchmarks use it to drive async flows through real execution-context switches without thread-pool noise.
/// </summary>
internal sealed class ManualAwaitable : ICriticalNotifyCompletion
{
    private Action? _continuation;

    public bool IsCompleted => false;

    public ManualAwaitable GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => _continuation = continuation;

    public void UnsafeOnCompleted(Action continuation) => _continuation = continuation;

    public void Resume()
    {
        var continuation = _continuation ?? throw new InvalidOperationException("Nothing is awaiting.");
        _continuation = null;
        continuation();
    }
}
