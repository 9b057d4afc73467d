using Remask.Core.Datasets;
using Remask.Core.Datasets.Preprocessed;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.Datasets.Preprocessed;

public class PreprocessedCacheTests
{
    private const int Size = 16;

    /// <summary>Counts the samples read from disk.</summary>
    private sealed class Counting(ISampleSet inner) : ISampleSet
    {
        public int Loads;
        public int Count => inner.Count;
        public string NameOf(int index) => inner.NameOf(index);
        public Sample Load(int index) { Interlocked.Increment(ref Loads); return inner.Load(index); }
    }

    /// <summary>A pairs dataset of <paramref name="n"/> images of different sizes (RGB gradients) with masks,
    /// and a folder of other masks for the same names.</summary>
    private static List<SampleRef> Dataset(TempDir d, int n)
    {
        var refs = new List<SampleRef>();
        for (int i = 0; i < n; i++)
        {
            int w = 20 + 3 * i, h = 17 + i;
            var img = new ushort[w * h * 3];
            for (int p = 0; p < w * h; p++)
                for (int c = 0; c < 3; c++) img[p * 3 + c] = (ushort)((p * (c + 1) + 7 * i) % 256);
            PngWriter.Write(d.File($"images/s{i}.png"), new Raster(w, h, 3, 8, img));
            PngWriter.WriteMask(d.File($"masks/s{i}.png"), Mask.FromFunction(w, h, (x, y) => x > w / 3 && y < 2 * h / 3));
            PngWriter.WriteMask(d.File($"noisy/s{i}_mask.png"), Mask.FromFunction(w, h, (x, y) => (x + y + i) % 5 == 0));
            refs.Add(new SampleRef($"s{i}", d[$"images/s{i}.png"], d[$"masks/s{i}.png"]));
        }
        return refs;
    }

    private static PreprocessedSet Open(ISampleSet source, List<SampleRef> refs, TempDir d, CancellationToken ct = default) =>
        PreprocessedCache.Open(source, refs, [MaskFolderReader.Open(d["noisy"], ForegroundRule.AnyPositive)], Size, "settings", d["cache"], cancellationToken: ct);

    [Fact]
    public void Cached_samples_are_bit_identical_to_resizing_the_decoded_ones()
    {
        using var d = new TempDir();
        var refs = Dataset(d, 5);
        var source = new FileSampleSet(refs, ForegroundRule.AnyPositive);
        var noisy = MaskFolderReader.Open(d["noisy"], ForegroundRule.AnyPositive);
        using var cached = Open(source, refs, d);
        Assert.Equal(5, cached.Count);
        for (int i = 0; i < refs.Count; i++)
        {
            var want = source.Load(i);
            var got = cached.Load(i);
            Assert.Equal(want.Name, got.Name);
            var wantBits = Resize.Bilinear(want.Image, Size, Size).Data.ToArray().Select(BitConverter.SingleToInt32Bits);
            Assert.Equal(wantBits, got.Image.Data.ToArray().Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(Resize.Nearest(want.Mask!, Size, Size), got.Mask);
            Assert.Equal(Resize.Nearest(noisy.TryLoad(want.Name)!, Size, Size), cached.FolderMask(1, want.Name));
            // what the batch assembler does to a cached sample: resizing to its own size returns it unchanged
            Assert.Same(got.Image, Resize.Bilinear(got.Image, Size, Size));
        }
        Assert.Null(cached.FolderMask(1, "nobody"));
        Assert.StartsWith(d["cache"], cached.Entry);
        Assert.DoesNotContain(Directory.GetFiles(d.Path, "*", SearchOption.AllDirectories), f => f.StartsWith(d["images"]) && !f.EndsWith(".png"));
    }

    /// <summary>The first pass of <c>train --cache</c> reads samples already at the training size (so that a JPEG
    /// decoder can scale in the DCT domain); with the managed decoder and PNGs that stores the same bits, and the mask
    /// folders' masks, still at the stored size, are checked against the stored size.</summary>
    [Fact]
    public void A_source_read_at_the_training_size_stores_the_same_samples()
    {
        using var d = new TempDir();
        var refs = Dataset(d, 3);
        using var plain = Open(new FileSampleSet(refs, ForegroundRule.AnyPositive), refs, d);
        var sized = new FileSampleSet(refs, ForegroundRule.AnyPositive, cacheSize: 0, size: Size);
        Assert.Equal((20, 17), sized.Load(0).StoredSize);
        using var cached = PreprocessedCache.Open(sized, refs, [MaskFolderReader.Open(d["noisy"], ForegroundRule.AnyPositive)], Size, "settings", d["cache2"]);
        Assert.NotEqual(plain.Entry, cached.Entry);
        for (int i = 0; i < refs.Count; i++)
        {
            Assert.Equal(plain.Load(i).Image.Data.ToArray(), cached.Load(i).Image.Data.ToArray());
            Assert.Equal(plain.Load(i).Mask, cached.Load(i).Mask);
            Assert.Equal(plain.FolderMask(1, $"s{i}"), cached.FolderMask(1, $"s{i}"));
        }

        PngWriter.WriteMask(d.File("noisy/s1_mask.png"), Mask.FromFunction(Size, Size, (x, y) => x > 3));   // the training size, not the image's
        var e = Assert.Throws<RemaskDataException>(() =>
            PreprocessedCache.Open(sized, refs, [MaskFolderReader.Open(d["noisy"], ForegroundRule.AnyPositive)], Size, "settings", d["cache3"]));
        Assert.Equal($"{d["noisy/s1_mask.png"]}: mask is 16x16 but its image is 23x18", e.Message);
    }

    [Fact]
    public void A_second_run_reads_the_cache_and_a_changed_file_builds_a_new_entry()
    {
        using var d = new TempDir();
        var refs = Dataset(d, 4);
        var first = new Counting(new FileSampleSet(refs, ForegroundRule.AnyPositive));
        string entry;
        using (var c = Open(first, refs, d)) entry = c.Entry;
        Assert.True(first.Loads >= 4);

        var second = new Counting(new FileSampleSet(refs, ForegroundRule.AnyPositive));
        using (var c = Open(second, refs, d)) Assert.Equal(entry, c.Entry);
        Assert.Equal(0, second.Loads);

        // a noisy mask rewritten (new content and time): the entry no longer matches
        PngWriter.WriteMask(d["noisy/s2_mask.png"], Mask.Full(26, 19));
        File.SetLastWriteTimeUtc(d["noisy/s2_mask.png"], DateTime.UtcNow.AddMinutes(1));
        var third = new Counting(new FileSampleSet(refs, ForegroundRule.AnyPositive));
        using (var c = Open(third, refs, d))
        {
            Assert.NotEqual(entry, c.Entry);
            Assert.Equal(Size * Size, c.FolderMask(1, "s2")!.CountForeground());
        }
        Assert.True(third.Loads >= 4);
    }

    [Fact]
    public void A_first_pass_that_is_killed_leaves_no_entry_and_the_next_run_builds_it()
    {
        using var d = new TempDir();
        var refs = Dataset(d, 6);
        using var cts = new CancellationTokenSource();
        var dying = new CancelAfter(new FileSampleSet(refs, ForegroundRule.AnyPositive), 3, cts);
        Assert.ThrowsAny<OperationCanceledException>(() => Open(dying, refs, d, cts.Token));
        Assert.Empty(Directory.GetFiles(d["cache"], "index.json", SearchOption.AllDirectories));
        // A half-written folder from a process that was killed outright is skipped too.
        Directory.CreateDirectory(d["cache/.abc.tmp-1-deadbeef"]);
        File.WriteAllBytes(d["cache/.abc.tmp-1-deadbeef/images.bin"], new byte[10]);

        using var cached = Open(new FileSampleSet(refs, ForegroundRule.AnyPositive), refs, d);
        Assert.Equal(6, cached.Count);
        Assert.NotNull(cached.Load(5).Mask);
    }

    private sealed class CancelAfter(ISampleSet inner, int loads, CancellationTokenSource cts) : ISampleSet
    {
        private int _n;
        public int Count => inner.Count;
        public string NameOf(int index) => inner.NameOf(index);
        public Sample Load(int index)
        {
            if (Interlocked.Increment(ref _n) > loads) cts.Cancel();
            return inner.Load(index);
        }
    }
}
