using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

/// <summary>
/// Masks read row by row, resized as they are read (<see cref="PngMaskSampler"/>, through
/// <see cref="ImageFiles.ReadMask(string, ForegroundRule, int, int)"/>): bit for bit the full decode resized by
/// nearest neighbour, on every PNG kind, checked against numpy (mask_cases.json) and against the full-decode path.
/// </summary>
public class PngMaskSamplerTests
{
    public sealed record MaskCase(string File, string? Foreground, int Width, int Height, int StoredWidth, int StoredHeight,
        string Expected, int ForegroundPixels)
    {
        public override string ToString() => $"{File} {Foreground ?? "any"} {Width}x{Height}";
    }

    private static readonly IReadOnlyList<MaskCase> Cases = JsonSerializer.Deserialize<List<MaskCase>>(
        File.ReadAllText(ImageFixtures.PathOf("mask_cases.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    public static TheoryData<MaskCase> NumpyCases() => new(Cases);

    /// <summary>Every PNG fixture: the small ones of every colour type, depth and filter, and the larger mask files.</summary>
    public static TheoryData<string> PngFiles() =>
        new(ImageFixtures.PngCases.Select(c => c.File).Concat(Cases.Select(c => c.File).Distinct()));

    /// <summary>The mask the first pass used to make: the whole file decoded to its labels, the rule applied to every
    /// pixel, then <see cref="Resize.Nearest"/>.</summary>
    private static Mask FullDecode(string path, ForegroundRule rule, int width, int height) =>
        Resize.Nearest(RasterConversions.ToMask(ImageFiles.ReadLabels(path), rule), width, height);

    [Theory]
    [MemberData(nameof(NumpyCases))]
    public void Masks_match_numpy_sampling_of_the_source_labels(MaskCase c)
    {
        var rule = ForegroundRule.Parse(c.Foreground);
        var (mask, width, height) = ImageFiles.ReadMask(ImageFixtures.PathOf(c.File), rule, c.Width, c.Height);
        byte[] bits = ImageFixtures.ReadBytes(c.Expected);
        var expected = new byte[c.Width * c.Height];
        for (int i = 0; i < expected.Length; i++) expected[i] = (byte)((bits[i >> 3] >> (7 - (i & 7))) & 1);
        Assert.Equal((c.StoredWidth, c.StoredHeight), (width, height));
        Assert.Equal((c.Width, c.Height), (mask.Width, mask.Height));
        Assert.Equal(expected, mask.ToArray());
        Assert.Equal(c.ForegroundPixels, mask.CountForeground());
    }

    [Fact]
    public void The_numpy_cases_cover_the_kinds_datasets_hold()
    {
        static PngHeader Header(string file)
        {
            using var stream = File.OpenRead(ImageFixtures.PathOf(file));
            return PngReader.ReadHeader(stream, file);
        }
        var headers = Cases.Select(c => c.File).Distinct().Select(Header).ToList();
        Assert.Contains(headers, h => h is { ColorType: PngColorType.Gray, BitDepth: 8, Interlaced: false });
        Assert.Contains(headers, h => h is { ColorType: PngColorType.Gray, BitDepth: 16 });
        Assert.Contains(headers, h => h is { ColorType: PngColorType.Palette, Interlaced: true });
        Assert.Contains(headers, h => h is { ColorType: PngColorType.Rgb, Interlaced: true });
        // none is trivially empty or full, and picking labels changes the mask
        Assert.All(Cases, c => Assert.InRange(c.ForegroundPixels, 1, c.Width * c.Height - (c.Width * c.Height > 1 ? 1 : 0)));
        Assert.Contains(Cases, c => c.Foreground is not null
            && c.ForegroundPixels < Cases.Single(d => d.Foreground is null && (d.File, d.Width, d.Height) == (c.File, c.Width, c.Height)).ForegroundPixels);
    }

    [Theory]
    [MemberData(nameof(PngFiles))]
    public void Every_png_at_every_size_and_rule_is_the_full_decode_resized(string file)
    {
        string path = ImageFixtures.PathOf(file);
        Raster labels = ImageFiles.ReadLabels(path);
        int w = labels.Width, h = labels.Height;
        // the most common labels, so that a picked rule selects something
        var common = Enumerable.Range(0, w * h).Select(i => (long)labels.Samples[i * labels.Channels])
            .CountBy(v => v).OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => p.Key).ToList();
        ForegroundRule[] rules = [ForegroundRule.AnyPositive, ForegroundRule.Labels([common[0]]), ForegroundRule.Labels(common.Skip(1).Take(2).DefaultIfEmpty(7))];
        (int, int)[] sizes = [(w, h), (1, 1), (3, 2), ((w + 1) / 2, Math.Max(1, h - 1)), (2 * w + 1, 3 * h), (64, 64), (w, 1), (1, h + 2)];
        foreach (ForegroundRule rule in rules)
        {
            Assert.Equal(FullDecode(path, rule, w, h), ImageFiles.ReadMask(path, rule));
            foreach (var (tw, th) in sizes)
            {
                var (mask, sw, sh) = ImageFiles.ReadMask(path, rule, tw, th);
                Assert.Equal((w, h), (sw, sh));
                Assert.True(FullDecode(path, rule, tw, th).Equals(mask), $"{file}, {rule}, {tw}x{th}");
            }
        }
    }

    [Fact]
    public void A_jpeg_mask_is_thresholded_then_resized()
    {
        string path = ImageFixtures.PathOf("mask_q75.jpg");
        Mask full = ImageFiles.ReadMask(path, ForegroundRule.AnyPositive);
        var (mask, w, h) = ImageFiles.ReadMask(path, ForegroundRule.AnyPositive, 7, 5);
        Assert.Equal((full.Width, full.Height), (w, h));
        Assert.Equal(Resize.Nearest(full, 7, 5), mask);
        Assert.Throws<RemaskDataException>(() => ImageFiles.ReadMask(path, ForegroundRule.Parse("1"), 7, 5));
    }

    [Theory]
    [InlineData("bad_zlib.png")]
    [InlineData("bad_adler.png")]
    [InlineData("short_zlib.png")]
    [InlineData("bad_filter.png")]
    [InlineData("unknown_critical_chunk.png")]
    [InlineData("no_iend.png")]
    [InlineData("text.png")]
    public void A_bad_file_gives_the_full_decoders_one_line_error(string fixture)
    {
        string path = ImageFixtures.PathOf(fixture);
        var expected = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadLabels(path));
        foreach (var read in new Func<Mask>[] { () => ImageFiles.ReadMask(path, ForegroundRule.AnyPositive), () => ImageFiles.ReadMask(path, ForegroundRule.AnyPositive, 4, 3).Mask })
        {
            var e = Assert.Throws<RemaskDataException>(() => read());
            Assert.Equal(expected.Message, e.Message);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Theory]
    [InlineData("mask_isic_like.png")]
    [InlineData("mask_palette_interlaced.png")]
    [InlineData("rgb8_split_idat.png")]
    public void Every_truncation_and_corrupted_crc_gives_the_full_decoders_error(string fixture)
    {
        using var dir = ImageFixtures.Temp();
        byte[] whole = ImageFixtures.ReadBytes(fixture);
        string path = dir.File("cut.png");
        int step = Math.Max(1, whole.Length / 120);
        for (int n = 1; n < whole.Length; n += n < 40 ? 1 : step)
        {
            File.WriteAllBytes(path, whole[..n]);
            var expected = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadLabels(path));
            var e = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadMask(path, ForegroundRule.AnyPositive, 5, 5));
            Assert.Equal(expected.Message, e.Message);
        }
        byte[] bad = (byte[])whole.Clone();
        bad[^13] ^= 0xFF;   // the last IDAT chunk's CRC
        File.WriteAllBytes(path, bad);
        var crc = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadMask(path, ForegroundRule.AnyPositive, 5, 5));
        Assert.Contains("CRC mismatch in chunk IDAT", crc.Problem);
    }

    [Fact]
    public void Reading_a_large_mask_small_allocates_no_full_size_array()
    {
        // 3000 x 2000 like ISIC's masks: the full decode allocates ~24 MB (stored samples, raw rows, the mask); read at
        // 64 x 64, the row-by-row reader needs its file, two pooled rows and the result
        using var dir = ImageFixtures.Temp();
        string path = dir.File("big.png");
        PngWriter.WriteMask(path, Mask.FromFunction(3000, 2000, (x, y) => (x - 1500) * (x - 1500) + 2 * (y - 1000) * (y - 1000) < 700 * 700));
        long Allocated(Action read)
        {
            read();   // pools and code warmed up
            long before = GC.GetAllocatedBytesForCurrentThread();
            read();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long full = Allocated(() => FullDecode(path, ForegroundRule.AnyPositive, 64, 64));
        long sampled = Allocated(() => ImageFiles.ReadMask(path, ForegroundRule.AnyPositive, 64, 64));
        Assert.True(full > 3000 * 2000 * 3, $"the full decode allocated {full} bytes");
        Assert.True(sampled < new FileInfo(path).Length + 256 * 1024, $"the row-by-row read allocated {sampled} bytes");
        Assert.Equal(FullDecode(path, ForegroundRule.AnyPositive, 64, 64), ImageFiles.ReadMask(path, ForegroundRule.AnyPositive, 64, 64).Mask);
    }
}
