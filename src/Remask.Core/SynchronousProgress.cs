namespace Remask.Core;

/// <summary>Reports on the calling thread, one report at a time (<see cref="Progress{T}"/> posts to the thread pool and
/// may report late, after the work has finished).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _lock = new();

    public void Report(T value)
    {
        lock (_lock) report(value);
    }
}
