namespace Remask.Core.Datasets;

/// <summary>
/// A small thread-safe least-recently-used cache bounded by a number of entries and, optionally, by their total size
/// (a weight per value, e.g. its bytes), so that memory stays bounded whatever the size of the dataset and of its
/// files. Values are computed outside the lock; two threads asking for the same missing key at once may both compute
/// it (the second result wins), which is harmless for decoded files.
/// </summary>
/// <remarks>
/// After every insertion the least recently used entries are dropped until at most <c>capacity</c> entries weighing
/// at most <c>maxWeight</c> in total remain; a value heavier than <c>maxWeight</c> alone is returned but not kept.
/// </remarks>
public sealed class LruCache<TKey, TValue> where TKey : notnull
{
    private readonly int _capacity;
    private readonly long _maxWeight;
    private readonly Func<TValue, long> _weigh;
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value, long Weight)>> _map = new();
    private readonly LinkedList<(TKey Key, TValue Value, long Weight)> _order = new();
    private readonly Lock _lock = new();
    private long _weight;

    /// <param name="capacity">Entries kept at most (0: none).</param>
    /// <param name="maxWeight">Total weight kept at most (by default no bound but the number of entries).</param>
    /// <param name="weigh">A value's weight (by default 1 each).</param>
    public LruCache(int capacity, long maxWeight = long.MaxValue, Func<TValue, long>? weigh = null)
    {
        if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity));
        ArgumentOutOfRangeException.ThrowIfNegative(maxWeight);
        _capacity = capacity;
        _maxWeight = maxWeight;
        _weigh = weigh ?? (_ => 1);
    }

    /// <summary>The number of entries kept.</summary>
    public int Count { get { lock (_lock) return _map.Count; } }

    /// <summary>The total weight of the entries kept.</summary>
    public long Weight { get { lock (_lock) return _weight; } }

    /// <summary>
    /// The value of <paramref name="key"/>: the kept one (which becomes the most recently used), else
    /// <paramref name="create"/>(<paramref name="key"/>), computed outside the lock and then kept as the bounds allow.
    /// </summary>
    /// <exception cref="InvalidOperationException">The weight of a created value is negative.</exception>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Value;
            }
        }
        TValue value = create(key);
        if (_capacity == 0) return value;
        long weight = _weigh(value);
        if (weight < 0) throw new InvalidOperationException($"negative weight {weight} for {key}");
        if (weight > _maxWeight) return value;
        lock (_lock)
        {
            if (_map.Remove(key, out var existing))
            {
                _order.Remove(existing);
                _weight -= existing.Value.Weight;
            }
            _map[key] = _order.AddFirst((key, value, weight));
            _weight += weight;
            while (_map.Count > _capacity || _weight > _maxWeight)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
                _weight -= last.Value.Weight;
            }
        }
        return value;
    }
}
