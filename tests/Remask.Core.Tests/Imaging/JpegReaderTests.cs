using Remask.Core.Imaging;
using Xunit.Abstractions;

namespace Remask.Core.Tests.Imaging;

/// <summary>
/// The JPEG reader against PIL (libjpeg-turbo, islow IDCT, fancy upsampling) decoding the same files. JPEG
/// decoders may differ slightly (the standard does not fix IDCT rounding or chroma upsampling); the bounds
/// are the measured differences (docs/formats-images.md), tight enough that a wrong colour conversion,
/// channel order, upsampling or a misplaced block fails.
/// </summary>
public class JpegReaderTests(ITestOutputHelper output)
{
    public static TheoryData<string> AllCases() => new(ImageFixtures.JpegCases.Select(c => c.File));

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Decodes_like_pil_within_a_level_or_two(string file)
    {
        JpegCase c = ImageFixtures.Jpeg(file);
        Raster r = JpegReader.Read(ImageFixtures.PathOf(file));
        Assert.Equal((c.Width, c.Height, c.Channels, 8, 255), (r.Width, r.Height, r.Channels, r.BitDepth, r.MaxValue));
        byte[] pil = ImageFixtures.ReadBytes(c.Expected);
        Assert.Equal(pil.Length, r.Samples.Length);
        int maxDiff = 0, maxInner = 0, differing = 0;
        double sum = 0;
        for (int i = 0; i < pil.Length; i++)
        {
            int d = Math.Abs(r.Samples[i] - pil[i]);
            maxDiff = Math.Max(maxDiff, d);
            bool lastColumn = i / c.Channels % c.Width == c.Width - 1;
            if (!lastColumn) maxInner = Math.Max(maxInner, d);
            if (d > 0) differing++;
            sum += d;
        }
        double mean = sum / pil.Length;
        output.WriteLine($"{file}: max |stb - PIL| = {maxDiff} ({maxInner} without the last column), mean {mean:F3}, {100.0 * differing / pil.Length:F1}% of samples differ");
        Assert.True(maxInner <= 2, $"max difference {maxInner} away from the right edge");
        // Odd-width 4:2:2 files: the two decoders fill the last column's chroma differently (measured up to 5).
        Assert.True(maxDiff <= 5, $"max difference {maxDiff}");
        Assert.True(mean <= 0.25, $"mean difference {mean}");
    }

    [Fact]
    public void Reports_progressive_and_component_count_from_the_frame_header()
    {
        foreach (JpegCase c in ImageFixtures.JpegCases)
        {
            JpegFrame f = JpegStructure.Check(ImageFixtures.ReadBytes(c.File), c.File);
            Assert.Equal((c.Width, c.Height, c.Progressive), (f.Width, f.Height, f.Progressive));
            Assert.Equal(c.Channels, f.Components);
        }
    }

    [Theory]
    [InlineData(0xC3, "lossless")]
    [InlineData(0xC9, "arithmetic")]
    [InlineData(0xC5, "hierarchical")]
    public void Unsupported_codings_are_named(byte sof, string word)
    {
        byte[] file = ImageFixtures.ReadBytes("gray_baseline.jpg");
        int at = FindMarker(file, 0xC0);
        file[at + 1] = sof;
        var e = Assert.Throws<RemaskDataException>(() => JpegReader.Decode(file, "x.jpg"));
        Assert.Contains(word, e.Message);
        Assert.StartsWith("x.jpg: unsupported JPEG", e.Message);
    }

    [Fact]
    public void Twelve_bit_samples_are_unsupported()
    {
        byte[] file = ImageFixtures.ReadBytes("gray_baseline.jpg");
        file[FindMarker(file, 0xC0) + 4] = 12;   // precision byte after FF C0 and the 2-byte length
        var e = Assert.Throws<RemaskDataException>(() => JpegReader.Decode(file, "x.jpg"));
        Assert.Contains("12-bit", e.Message);
    }

    internal static int FindMarker(byte[] file, byte marker)
    {
        for (int i = 0; i + 1 < file.Length; i++)
            if (file[i] == 0xFF && file[i + 1] == marker) return i;
        throw new InvalidOperationException($"marker {marker:X2} not found");
    }
}
