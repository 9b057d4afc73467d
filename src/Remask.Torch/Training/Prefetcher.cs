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
    private readonly Func<int, T>? _synchronous;
    private int _next;
    private readonly int _count;

    /// <param name="capacity">Items prepared ahead; 0 produces each item on the caller's thread when it is taken.</param>
    public Prefetcher(int first, int count, Func<int, T> produce, int capacity, CancellationToken cancellation)
    {
        if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (capacity == 0)
        {
            _synchronous = produce;
            _next = first;
            _count = count;
            _queue = new BlockingCollection<T>();
            _producer = Task.CompletedTask;
            return;
        }
        _queue = new BlockingCollection<T>(capacity);
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
        if (_synchronous is not null)
        {
            _stop.Token.ThrowIfCancellationRequested();
            if (_next >= _count) throw new InvalidOperationException("no more items");
            return _synchronous(_next++);
        }
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
