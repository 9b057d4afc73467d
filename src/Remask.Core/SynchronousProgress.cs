namespace Remask.Core;

/// <summary>Reports on the calling thread, one report at a time (<see cref="Progress{T}"/> posts to the thread pool and
/// may report late, after the work has finished).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    /// <remarks>Calls the report action on the calling thread, under a lock, so that reports never overlap.</remarks>
    public void Report(T value)
    {
        lock (_lock) report(value);
    }
}
