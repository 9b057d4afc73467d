using System.Buffers.Binary;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

/// <summary>The minimal form of what the JPEG fuzzer found (JpegReaderFuzzTests, docs/reliability.md).</summary>
public sealed class JpegReaderFuzzRegressionTests
{
    /// <summary>A frame header claiming far more pixels than the file's scans can code: stb_image and libjpeg-turbo both
    /// allocated the whole image and decoded garbage into it (23170 x 23170 from 4 KB: 60 s and 5 GB; 255 x 23170 from the
    /// 16 KB CMYK file: 3.7 s).</summary>
    [Theory]
    [InlineData("gray_baseline.jpg", 4096, 4096)]
    [InlineData("rgb_baseline_420.jpg", 23170, 23170)]
    [InlineData("rgb_progressive_420.jpg", 60000, 255)]
    [InlineData("skia/cmyk.jpg", 255, 23170)]
    public void A_frame_larger_than_the_file_can_code_is_refused_before_decoding(string fixture, int width, int height)
    {
        byte[] jpeg = File.ReadAllBytes(fixture.StartsWith("skia/", StringComparison.Ordinal)
            ? Remask.Fuzzing.RepoFiles.PathOf("tests/Remask.Imaging.Skia.Tests/Fixtures/" + fixture[5..])
            : ImageFixtures.PathOf(fixture));
        int sof = FrameHeader(jpeg);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        using var dir = ImageFixtures.Temp();
        string path = dir.Write("huge.jpg", jpeg);
        var e = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadRaster(path));
        Assert.Equal(path, e.Path);
        Assert.Contains($"a {width}x{height} image needs at least", e.Problem);
        Assert.Contains("bits of image data, more than the", e.Problem);
        Assert.Equal((width, height, fixture.StartsWith("gray") ? 1 : 3), ImageFiles.ReadHeader(path));   // a header scan still reports it
    }

    /// <summary>The offset of the SOF0/SOF2 marker (its FF byte).</summary>
    private static int FrameHeader(byte[] jpeg)
    {
        for (int at = 2; ;)
        {
            byte marker = jpeg[at + 1];
            if (marker is 0xC0 or 0xC2) return at;
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        }
    }
}
