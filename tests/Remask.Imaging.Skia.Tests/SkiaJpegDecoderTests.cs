using Remask.Core;
using Remask.Core.Imaging;
using Xunit.Abstractions;

namespace Remask.Imaging.Skia.Tests;

/// <summary>libjpeg-turbo (through SkiaSharp) against the managed stb_image decoder, full size.</summary>
public class SkiaJpegDecoderTests(ITestOutputHelper output)
{
    /// <summary>Largest and mean absolute difference allowed from stb_image's samples (0..255): the two IDCTs and
    /// chroma upsamplers differ by a few levels. Measured on these fixtures: max 1-3, mean 0.001-0.053.</summary>
    private const int MaxDiff = 4;
    private const double MeanDiff = 0.1;

    public static TheoryData<string, int> Cases() => new()
    {
        { "photo_420.jpg", 3 },
        { "photo_444_progressive.jpg", 3 },
        { "gray.jpg", 1 },
        { "cmyk.jpg", 3 },
        { "exif_orientation6.jpg", 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Full_size_samples_are_stb_images_within_a_few_levels(string file, int channels)
    {
        byte[] bytes = Fixtures.Bytes(file);
        var (skia, w, h) = JpegReader.Decode(bytes, file, 0, SkiaJpegDecoder.Instance);
        var (stb, _, _) = JpegReader.Decode(bytes, file, 0, StbJpegDecoder.Instance);
        Assert.Equal((w, h, channels), (skia.Width, skia.Height, skia.Channels));
        var (max, mean) = Fixtures.Difference(skia, stb);
        output.WriteLine($"{file}: max {max}, mean {mean:F3}");
        Assert.InRange(max, 0, MaxDiff);
        Assert.InRange(mean, 0, MeanDiff);
    }

    [Fact]
    public void The_exif_orientation_is_not_applied_as_with_stb_image()
    {
        // stored 64 x 40 with orientation 6 (display rotated to 40 x 64): both decoders give the stored pixels
        Raster r = JpegReader.Read(Fixtures.PathOf("exif_orientation6.jpg"));
        Assert.Equal((64, 40, 3), (r.Width, r.Height, r.Channels));
    }

    [Fact]
    public void Without_a_size_the_full_image_comes_back()
    {
        var (r, w, h) = JpegReader.Decode(Fixtures.Bytes("photo_512x344.jpg"), "x.jpg", 0, SkiaJpegDecoder.Instance);
        Assert.Equal((512, 344, 512, 344), (r.Width, r.Height, w, h));
    }
}
