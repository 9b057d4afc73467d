using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Xunit.Abstractions;

namespace Remask.Imaging.Skia.Tests;

/// <summary>Decoding at a DCT scale (1/2, 1/4, 1/8) for a caller that resizes to a smaller size anyway.</summary>
public class ScaledDecodeTests(ITestOutputHelper output)
{
    private const string Large = "photo_512x344.jpg";

    [Theory]
    [InlineData(0, 512, 344)]      // full size
    [InlineData(32, 64, 43)]       // 1/8: the smallest scale with at least 32 each way
    [InlineData(43, 64, 43)]
    [InlineData(44, 128, 86)]      // 1/8 gives 43 rows, too few: 1/4
    [InlineData(100, 256, 172)]    // 1/2
    [InlineData(200, 512, 344)]    // 1/2 gives 172 rows: full size
    [InlineData(1000, 512, 344)]   // larger than the image: full size
    public void The_smallest_scale_that_still_has_the_size_asked_for_is_used(int atLeast, int width, int height)
    {
        var (r, w, h) = JpegReader.Decode(Fixtures.Bytes(Large), Large, atLeast, SkiaJpegDecoder.Instance);
        Assert.Equal((width, height, 512, 344), (r.Width, r.Height, w, h));
    }

    /// <summary>
    /// A scaled decode resized to 32 x 32 against the full decode resized to 32 x 32 (bilinear, no antialiasing, as
    /// the batch assembler does). They differ by more than two decoders at full size do: the DCT scale averages each
    /// 8 x 8 block, while bilinear downsizing by 16 samples 2 x 2 pixels of 256. Measured (in [0, 1]): to 32 from the
    /// 1/8 decode, max 0.038, mean 0.0080 (2 levels of 255); to 100 from the 1/2 decode, max 0.046, mean 0.0065.
    /// </summary>
    [Theory]
    [InlineData(32, 0.06, 0.012)]
    [InlineData(100, 0.06, 0.012)]
    public void A_scaled_decode_resized_is_close_to_the_full_decode_resized(int size, double maxDiff, double meanDiff)
    {
        byte[] file = Fixtures.Bytes(Large);
        Image full = RasterConversions.ToImage(JpegReader.Decode(file, Large, 0, SkiaJpegDecoder.Instance).Raster);
        Image scaled = RasterConversions.ToImage(JpegReader.Decode(file, Large, size, SkiaJpegDecoder.Instance).Raster);
        Assert.True(scaled.Width < full.Width);
        var a = Resize.Bilinear(full, size, size).Data;
        var b = Resize.Bilinear(scaled, size, size).Data;
        double max = 0, sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs(a[i] - b[i]);
            max = Math.Max(max, d);
            sum += d;
        }
        output.WriteLine($"{size}: {scaled.Width}x{scaled.Height}, max {max:F4}, mean {sum / a.Length:F5}");
        Assert.InRange(max, 0, maxDiff);
        Assert.InRange(sum / a.Length, 0, meanDiff);
    }

    [Fact]
    public void A_file_sample_set_with_a_size_decodes_scaled_and_checks_masks_against_the_stored_size()
    {
        string dir = Directory.CreateTempSubdirectory("remask-skia-").FullName;
        try
        {
            string mask = Path.Combine(dir, "m.png"), small = Path.Combine(dir, "small.png");
            PngWriter.WriteMask(mask, Mask.FromFunction(512, 344, (x, y) => x > 200));
            PngWriter.WriteMask(small, Mask.FromFunction(64, 43, (x, y) => x > 25));
            var set = new FileSampleSet([new SampleRef("p", Fixtures.PathOf(Large), mask)], ForegroundRule.AnyPositive, cacheSize: 0, size: 32);
            Sample s = set.Load(0);
            Assert.Equal((32, 32, 32, 32), (s.Image.Width, s.Image.Height, s.Mask!.Width, s.Mask.Height));
            Assert.Equal((512, 344), s.StoredSize);
            Image scaled = RasterConversions.ToImage(JpegReader.Decode(File.ReadAllBytes(Fixtures.PathOf(Large)), Large, 32).Raster);
            Assert.Equal(Resize.Bilinear(scaled, 32, 32).Data.ToArray(), s.Image.Data.ToArray());

            // a mask the size of the scaled decode is still the wrong size for the image
            var wrong = new FileSampleSet([new SampleRef("p", Fixtures.PathOf(Large), small)], ForegroundRule.AnyPositive, cacheSize: 0, size: 32);
            var e = Assert.Throws<Remask.Core.RemaskDataException>(() => wrong.Load(0));
            Assert.StartsWith($"{small}: mask is 64x43 but its image {Large} is 512x344", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
