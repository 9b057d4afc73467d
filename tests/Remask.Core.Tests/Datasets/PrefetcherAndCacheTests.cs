using Remask.Core.Datasets;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.Datasets;

public class PrefetcherAndCacheTests
{
    [Fact]
    public void Prefetcher_yields_every_item_in_order()
    {
        var items = Enumerable.Range(0, 200).ToList();
        Assert.Equal(items.Select(i => i * i), Prefetcher.Stream(items, i => i * i, depth: 4));
    }

    [Fact]
    public void Prefetcher_stays_at_most_depth_ahead_of_the_consumer()
    {
        int loaded = 0;
        var items = Enumerable.Range(0, 100).ToList();
        int maxAhead = 0;
        int consumed = 0;
        foreach (int _ in Prefetcher.Stream(items, i => { Interlocked.Increment(ref loaded); return i; }, depth: 3))
        {
            consumed++;
            Thread.Sleep(1);
            // Loaded but not consumed: the queue (3) plus the one being added.
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref loaded) - consumed);
        }
        Assert.Equal(100, consumed);
        Assert.InRange(maxAhead, 0, 4);
    }

    [Fact]
    public void Prefetcher_rethrows_a_load_error_at_its_position()
    {
        var items = Enumerable.Range(0, 10).ToList();
        var seen = new List<int>();
        var e = Assert.Throws<RemaskDataException>(() =>
        {
            foreach (int v in Prefetcher.Stream(items, i => i == 5 ? throw new RemaskDataException("f5.png", "truncated") : i, depth: 8))
                seen.Add(v);
        });
        Assert.Equal("f5.png: truncated", e.Message);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, seen);
    }

    [Fact]
    public void Prefetcher_stops_its_producer_when_the_consumer_stops_early()
    {
        int loaded = 0;
        var items = Enumerable.Range(0, 10_000).ToList();
        foreach (int v in Prefetcher.Stream(items, i => { Interlocked.Increment(ref loaded); return i; }, depth: 2))
            if (v == 3) break;
        int after = Volatile.Read(ref loaded);
        Thread.Sleep(50);
        Assert.Equal(after, Volatile.Read(ref loaded));
        Assert.True(after < 10, $"loaded {after}");
    }

    [Fact]
    public void Depth_zero_loads_each_item_on_the_consumer_thread_when_it_is_asked_for()
    {
        int consumer = Environment.CurrentManagedThreadId;
        var threads = new List<int>();
        int loaded = 0;
        var items = Enumerable.Range(0, 5).ToList();
        using var e = Prefetcher.Stream(items, i => { threads.Add(Environment.CurrentManagedThreadId); loaded++; return i; }, depth: 0).GetEnumerator();
        Assert.Equal(0, loaded);
        Assert.True(e.MoveNext());
        Assert.Equal(1, loaded);
        while (e.MoveNext()) { }
        Assert.Equal(5, loaded);
        Assert.All(threads, t => Assert.Equal(consumer, t));
    }

    [Fact]
    public void Background_loading_happens_off_the_consumer_thread()
    {
        int consumer = Environment.CurrentManagedThreadId;
        var threads = Prefetcher.Stream(Enumerable.Range(0, 5).ToList(), _ => Environment.CurrentManagedThreadId, depth: 2).ToList();
        Assert.All(threads, t => Assert.NotEqual(consumer, t));
    }

    [Fact]
    public void Lru_cache_keeps_at_most_capacity_entries_and_evicts_the_least_recent()
    {
        var cache = new LruCache<int, string>(2);
        int computed = 0;
        string Make(int k) { computed++; return "v" + k; }
        cache.GetOrAdd(1, Make);
        cache.GetOrAdd(2, Make);
        cache.GetOrAdd(1, Make);     // 1 is now most recent
        cache.GetOrAdd(3, Make);     // evicts 2
        Assert.Equal(2, cache.Count);
        Assert.Equal(3, computed);
        cache.GetOrAdd(1, Make);     // still cached
        Assert.Equal(3, computed);
        cache.GetOrAdd(2, Make);     // recomputed
        Assert.Equal(4, computed);
    }

    [Fact]
    public void Lru_cache_bounded_by_weight_drops_the_least_recent_until_within_the_budget()
    {
        var cache = new LruCache<int, string>(10, maxWeight: 10, weigh: v => v.Length);
        int computed = 0;
        string Make(int k) { computed++; return new string('x', k); }
        cache.GetOrAdd(4, Make);
        cache.GetOrAdd(3, Make);
        cache.GetOrAdd(2, Make);     // 4 + 3 + 2 = 9
        Assert.Equal((3, 9L), (cache.Count, cache.Weight));
        cache.GetOrAdd(4, Make);     // 4 is now most recent
        cache.GetOrAdd(5, Make);     // 9 + 5 = 14: drops 3 (11), then 2 (9)
        Assert.Equal((2, 9L), (cache.Count, cache.Weight));
        Assert.Equal(4, computed);
        cache.GetOrAdd(4, Make);
        Assert.Equal(4, computed);   // still kept
        cache.GetOrAdd(3, Make);
        Assert.Equal(5, computed);   // was dropped; 9 + 3 = 12 drops 5: 3 + 4 remain
        Assert.Equal((2, 7L), (cache.Count, cache.Weight));
        Assert.Equal(11, cache.GetOrAdd(11, Make).Length);   // heavier than the whole budget: returned, not kept
        Assert.Equal((2, 7L), (cache.Count, cache.Weight));
        cache.GetOrAdd(11, Make);
        Assert.Equal(7, computed);
    }

    [Fact]
    public void File_samples_are_cached_within_the_byte_budget()
    {
        using var d = new TempDir();
        var refs = new List<SampleRef>();
        for (int i = 0; i < 4; i++)
        {
            PngWriter.WriteImage(d.File($"images/s{i}.png"), new Image(40, 30, 3, new float[3 * 40 * 30]));
            PngWriter.WriteMask(d.File($"masks/s{i}.png"), Mask.Full(40, 30));
            refs.Add(new SampleRef($"s{i}", d[$"images/s{i}.png"], d[$"masks/s{i}.png"]));
        }
        long bytes = FileSampleSet.BytesOf(FileSampleSet.Read(refs[0], ForegroundRule.AnyPositive));
        Assert.Equal(3 * 40 * 30 * 4 + 40 * 30, bytes);
        var set = new FileSampleSet(refs, ForegroundRule.AnyPositive, cacheSize: 64, cacheBytes: 2 * bytes + 1);
        Sample[] first = [.. Enumerable.Range(0, 3).Select(set.Load)];
        Assert.Same(first[2], set.Load(2));      // the two most recent are kept
        Assert.Same(first[1], set.Load(1));
        Assert.NotSame(first[0], set.Load(0));   // the third would exceed the budget: read again
        var unbounded = new FileSampleSet(refs, ForegroundRule.AnyPositive, cacheSize: 64, cacheBytes: long.MaxValue);
        Sample kept = unbounded.Load(0);
        for (int i = 1; i < 4; i++) unbounded.Load(i);
        Assert.Same(kept, unbounded.Load(0));
    }
}
