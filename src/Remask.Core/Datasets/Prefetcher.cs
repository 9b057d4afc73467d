using System.Collections.Concurrent;

namespace Remask.Core.Datasets;

/// <summary>
/// Loads samples of an <see cref="ISampleSet"/> (or builds any items) in a given order on a background thread, at
/// most <c>depth</c> ahead of the consumer, so that decoding overlaps with training and memory stays bounded.
/// An exception while loading is rethrown to the consumer at the position where it happened. Depth 0 loads each
/// item on the consumer's thread when it is asked for. Stopping the enumeration early (or disposing its
/// enumerator) stops the background thread.
/// </summary>
public static class Prefetcher
{
    /// <summary>
    /// The samples of <paramref name="set"/> at the indices <paramref name="order"/>, in that order, loaded on a
    /// background thread at most <paramref name="depth"/> ahead of the consumer (0: each on the consumer's thread when
    /// asked for).
    /// </summary>
    public static IEnumerable<Sample> Stream(ISampleSet set, IReadOnlyList<int> order, int depth = 32, CancellationToken cancellationToken = default) =>
        Stream(order, i => set.Load(i), depth, cancellationToken);

    /// <summary>Maps <paramref name="load"/> over <paramref name="items"/> on a background thread, in order.</summary>
    public static IEnumerable<TOut> Stream<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> load, int depth = 32, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        return depth == 0 ? OnConsumerThread(items, load, cancellationToken) : InBackground(items, load, depth, cancellationToken);
    }

    private static IEnumerable<TOut> OnConsumerThread<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> load, CancellationToken cancellationToken)
    {
        foreach (TIn item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return load(item);
        }
    }

    private static IEnumerable<TOut> InBackground<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> load, int depth, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<(TOut Value, Exception? Error)>(depth);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (TIn item in items)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    (TOut, Exception?) entry;
                    try { entry = (load(item), null); }
                    catch (Exception e) { entry = (default!, e); }
                    queue.Add(entry, stop.Token);
                    if (entry.Item2 is not null) break;
                }
            }
            catch (OperationCanceledException) { }
            finally { queue.CompleteAdding(); }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var (value, error) in queue.GetConsumingEnumerable(cancellationToken))
            {
                if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
                yield return value;
            }
        }
        finally
        {
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
        }
    }
}
