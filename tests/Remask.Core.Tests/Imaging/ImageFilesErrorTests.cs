using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

/// <summary>Bad input: every failure is a one-line <see cref="RemaskDataException"/> that names the file.</summary>
public class ImageFilesErrorTests
{
    private static RemaskDataException Fails(string path, Func<string, object> read, string expectedProblem)
    {
        var e = Assert.Throws<RemaskDataException>(() => read(path));
        Assert.Equal(path, e.Path);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(expectedProblem, e.Problem);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    private static RemaskDataException FailsToRead(string path, string expectedProblem) => Fails(path, ImageFiles.ReadRaster, expectedProblem);

    [Fact]
    public void Missing_file()
    {
        using var dir = ImageFixtures.Temp();
        string path = dir.File("nope.png");
        FailsToRead(path, "file not found");
        Fails(path, p => ImageFiles.ReadHeader(p), "file not found");
        Fails(dir.File("no/such/folder/a.png"), ImageFiles.ReadRaster, "file not found");
    }

    [Fact]
    public void Empty_file()
    {
        using var dir = ImageFixtures.Temp();
        string path = dir.Write("empty.png", []);
        FailsToRead(path, "empty file");
        Fails(path, p => ImageFiles.ReadHeader(p), "empty file");
        Fails(path, p => ImageFiles.ReadMask(p, ForegroundRule.AnyPositive), "empty file");
    }

    [Fact]
    public void A_folder_is_not_an_image() =>
        FailsToRead(ImageFixtures.Dir, "is a folder");

    [Fact]
    public void A_png_file_holding_text_says_what_it_starts_with()
    {
        var e = FailsToRead(ImageFixtures.PathOf("text.png"), "not a PNG or JPEG file");
        Assert.Contains("(it starts with the text \"This is not an image", e.Problem);
        Fails(ImageFixtures.PathOf("text.png"), p => ImageFiles.ReadHeader(p), "not a PNG or JPEG file");
    }

    [Fact]
    public void Wrong_header_bytes()
    {
        using var dir = ImageFixtures.Temp();
        byte[] png = ImageFixtures.ReadBytes("pil_gray8.png");
        png[0] = 0x88;
        FailsToRead(dir.Write("a.png", png), "damaged PNG signature");
        byte[] bmp = [(byte)'B', (byte)'M', 0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0];
        FailsToRead(dir.Write("b.png", bmp), "not a PNG or JPEG file (it starts with bytes 424D3A0000000000)");
        byte[] jpeg = ImageFixtures.ReadBytes("gray_baseline.jpg");
        jpeg[1] = 0xD9;
        FailsToRead(dir.Write("c.jpg", jpeg), "not a PNG or JPEG file");
    }

    [Fact]
    public void A_png_whose_line_endings_were_converted_is_named_as_such()
    {
        using var dir = ImageFixtures.Temp();
        byte[] png = ImageFixtures.ReadBytes("pil_gray8.png");
        byte[] dos2unix = [.. png[..4], .. png[5..]];   // \r\n -> \n in the signature
        FailsToRead(dir.Write("a.png", dos2unix), "damaged PNG signature");
    }

    [Theory]
    [InlineData("pil_gray8.png")]
    [InlineData("palette4_trns_interlaced.png")]
    [InlineData("rgb8_split_idat.png")]
    [InlineData("gray_baseline.jpg")]
    [InlineData("rgb_progressive_420.jpg")]
    public void Every_truncation_is_reported(string fixture)
    {
        using var dir = ImageFixtures.Temp();
        byte[] whole = ImageFixtures.ReadBytes(fixture);
        string path = dir.File("cut" + Path.GetExtension(fixture));
        int step = Math.Max(1, whole.Length / 150);
        for (int n = 1; n < whole.Length; n += n < 40 ? 1 : step)
        {
            File.WriteAllBytes(path, whole[..n]);
            var e = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadRaster(path));
            Assert.StartsWith(path + ": ", e.Message);
        }
        foreach (int n in new[] { 1, 2, 5, whole.Length - 1 })
        {
            File.WriteAllBytes(path, whole[..n]);
            FailsToRead(path, "truncated");
        }
    }

    [Fact]
    public void Header_reading_reports_a_truncated_header()
    {
        using var dir = ImageFixtures.Temp();
        Fails(dir.Write("a.png", ImageFixtures.ReadBytes("pil_gray8.png")[..20]), p => ImageFiles.ReadHeader(p), "truncated");
        byte[] jpeg = ImageFixtures.ReadBytes("gray_baseline.jpg");
        Fails(dir.Write("b.jpg", jpeg[..(JpegReaderTests.FindMarker(jpeg, 0xC0) + 5)]), p => ImageFiles.ReadHeader(p), "truncated");
    }

    [Fact]
    public void Every_single_byte_change_of_a_png_is_detected()
    {
        // The signature, chunk lengths (framing) and CRCs leave no byte of a PNG unchecked.
        byte[] good = ImageFixtures.ReadBytes("gray4.png");
        foreach (byte flip in new byte[] { 0x01, 0x80 })
            for (int i = 0; i < good.Length; i++)
            {
                byte[] bad = (byte[])good.Clone();
                bad[i] ^= flip;
                var e = Assert.Throws<RemaskDataException>(() => ImageFiles.Decode(bad, "f.png"));
                Assert.StartsWith("f.png: ", e.Message);
            }
    }

    [Fact]
    public void Corrupted_crc()
    {
        using var dir = ImageFixtures.Temp();
        byte[] png = ImageFixtures.ReadBytes("pil_gray8.png");
        png[^13] ^= 0xFF;   // the last byte of the last IDAT chunk's CRC (IEND takes the final 12 bytes)
        var e = FailsToRead(dir.Write("crc.png", png), "CRC mismatch in chunk IDAT");
        png = ImageFixtures.ReadBytes("pil_gray8.png");
        png[45] ^= 0x10;    // a byte of the compressed data
        FailsToRead(dir.Write("crc2.png", png), "CRC mismatch");
    }

    [Theory]
    [InlineData("bad_zlib.png", "bad compressed image data")]
    [InlineData("bad_adler.png", "bad compressed image data")]
    [InlineData("short_zlib.png", "the compressed image data ends after 52 of 72 bytes")]
    [InlineData("bad_filter.png", "unknown filter type 7 in image row 3")]
    [InlineData("palette_index_out_of_range.png", "palette index 9 at pixel 6 is outside the 4-colour palette")]
    [InlineData("unknown_critical_chunk.png", "unsupported PNG: unknown critical chunk ABCD")]
    [InlineData("no_iend.png", "truncated PNG: the file ends before the IEND chunk")]
    public void Corrupt_png_files(string fixture, string problem) =>
        FailsToRead(ImageFixtures.PathOf(fixture), problem);

    [Fact]
    public void An_out_of_range_palette_index_is_still_a_label()
    {
        Raster labels = ImageFiles.ReadLabels(ImageFixtures.PathOf("palette_index_out_of_range.png"));
        Assert.Equal(new ushort[] { 0, 1, 2, 3, 0, 1, 9, 3 }, labels.Samples);
    }

    [Fact]
    public void Jpeg_corruption_never_escapes_as_another_exception()
    {
        // Random damage to the entropy-coded data and the tables: either some image or a RemaskDataException.
        byte[] good = ImageFixtures.ReadBytes("rgb_progressive_420.jpg");
        var random = new Random(7);
        int decoded = 0, rejected = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bad = (byte[])good.Clone();
            for (int k = random.Next(1, 4); k > 0; k--) bad[random.Next(2, bad.Length - 2)] = (byte)random.Next(256);
            try
            {
                Raster r = ImageFiles.Decode(bad, "f.jpg");
                Assert.Equal(r.Width * r.Height * r.Channels, r.Samples.Length);
                decoded++;
            }
            catch (RemaskDataException e)
            {
                Assert.StartsWith("f.jpg: ", e.Message);
                rejected++;
            }
        }
        Assert.True(rejected > 0 && decoded > 0, $"{decoded} decoded, {rejected} rejected");
    }

    [Fact]
    public void A_jpeg_mask_cannot_pick_labels()
    {
        var e = Assert.Throws<RemaskDataException>(() => ImageFiles.ReadMask(ImageFixtures.PathOf("mask_q75.jpg"), ForegroundRule.Parse("1")));
        Assert.Contains("lossy", e.Problem);
    }
}
