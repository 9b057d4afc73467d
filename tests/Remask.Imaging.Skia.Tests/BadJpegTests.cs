using Remask.Core;
using Remask.Core.Imaging;

namespace Remask.Imaging.Skia.Tests;

/// <summary>Bad data read with libjpeg-turbo is a one-line <see cref="RemaskDataException"/> naming the file, as with
/// the managed decoder: never another exception, never a crash in native code.</summary>
public class BadJpegTests
{
    [Theory]
    [InlineData("truncated.jpg", "truncated")]
    [InlineData("not_a_jpeg.jpg", "not a PNG or JPEG file (it starts with the text \"<html><body>404")]
    public void A_bad_file_is_a_data_error_naming_it(string file, string problem)
    {
        string path = Fixtures.PathOf(file);
        foreach (int atLeast in new[] { 0, 16 })
        {
            var e = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadImage(path, atLeast == 0 ? 1 : atLeast));
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains(problem, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        Assert.StartsWith(path + ": ", Assert.Throws<RemaskDataException>(() => ImageFiles.ReadImage(path)).Message);
    }

    /// <summary>The decoder alone, without the structure check in front of it, on a file cut short.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public void The_decoder_itself_reports_a_truncated_file(int atLeast)
    {
        byte[] bytes = Fixtures.Bytes("truncated.jpg");
        var e = Assert.Throws<RemaskDataException>(() => SkiaJpegDecoder.Instance.Decode(bytes, new JpegFrameInfo(160, 120, 3), "cut.jpg", atLeast));
        Assert.Equal("cut.jpg: corrupt JPEG: the image data ends early (truncated file)", e.Message);
    }

    /// <summary>The decoder alone on bytes that are no JPEG at all.</summary>
    [Fact]
    public void The_decoder_itself_reports_data_it_cannot_read()
    {
        byte[] bytes = Fixtures.Bytes("not_a_jpeg.jpg");
        var e = Assert.Throws<RemaskDataException>(() => SkiaJpegDecoder.Instance.Decode(bytes, new JpegFrameInfo(160, 120, 3), "x.jpg", 0));
        Assert.StartsWith("x.jpg: corrupt JPEG: ", e.Message);
    }

    /// <summary>Scan data overwritten with noise (the markers intact, so the structure check passes): libjpeg-turbo
    /// either decodes garbage, as stb_image does, or reports the damage; nothing else.</summary>
    [Fact]
    public void Damaged_scan_data_gives_pixels_or_a_data_error()
    {
        byte[] bytes = Fixtures.Bytes("photo_420.jpg");
        int sos = FindSos(bytes);
        var rng = new Random(5);
        for (int i = sos + 20; i < bytes.Length - 10; i++) bytes[i] = (byte)rng.Next(0, 0xFF);   // never 0xFF: no new markers
        try
        {
            Raster r = JpegReader.Decode(bytes, "noise.jpg");
            Assert.Equal((160, 120), (r.Width, r.Height));
        }
        catch (RemaskDataException e)
        {
            Assert.StartsWith("noise.jpg: ", e.Message);
        }
    }

    private static int FindSos(byte[] b)
    {
        for (int i = 0; i + 1 < b.Length; i++)
            if (b[i] == 0xFF && b[i + 1] == 0xDA) return i;
        throw new InvalidOperationException("no SOS marker");
    }
}
