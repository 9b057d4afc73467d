using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Remask.Torch.Training;

/// <summary>
/// Produces items 0..count-1 in order on one background thread, at most <c>capacity</c> ahead of the consumer,
/// so that loading, decoding and augmenting the next batches overlaps the network's work on the current one.
/// An exception in the producer is rethrown by <see cref="Take"/>. Disposing stops the producer.
/// </summary>
public sealed class Prefetcher<T> : IDisposable
{
    private readonly BlockingCollection<T> _queue;
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private ExceptionDispatchInfo? _failure;

    public Prefetcher(int first, int count, Func<int, T> produce, int capacity, CancellationToken cancellation)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        _queue = new BlockingCollection<T>(capacity);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = _stop.Token;
        _producer = Task.Factory.StartNew(() =>
        {
            try
            {
                for (int i = first; i < count && !token.IsCancellationRequested; i++)
                    _queue.Add(produce(i), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested) { }
            catch (Exception e) { _failure = ExceptionDispatchInfo.Capture(e); }
            finally { _queue.CompleteAdding(); }
        }, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The next item; blocks until it is ready.</summary>
    public T Take()
    {
        try
        {
            return _queue.Take(_stop.Token);
        }
        catch (InvalidOperationException) // added everything, or stopped by a failure
        {
            _failure?.Throw();
            throw new InvalidOperationException("no more items");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _producer.Wait(); } catch (AggregateException) { }
        _queue.Dispose();
        _stop.Dispose();
    }
}
