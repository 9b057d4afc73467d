using System.Buffers.Binary;
using System.IO.Compression;
using Remask.Core.Imaging;
using Remask.Fuzzing.Mutations;

namespace Remask.Core.Tests.Imaging;

/// <summary>
/// The minimal forms of what the PNG fuzzer found (PngReaderFuzzTests, docs/reliability.md). Each file keeps every chunk
/// CRC valid, so the reader's own checks behind the CRCs are what is tested.
/// </summary>
public sealed class PngReaderFuzzRegressionTests
{
    private static readonly Func<string, object>[] Readers =
    [
        ImageFiles.ReadRaster, ImageFiles.ReadLabels, p => ImageFiles.ReadImage(p, 64),
        p => ImageFiles.ReadMask(p, ForegroundRule.AnyPositive), p => ImageFiles.ReadMask(p, ForegroundRule.AnyPositive, 64, 64),
    ];

    private static byte[] Fixture(string name) => File.ReadAllBytes(ImageFixtures.PathOf(name));

    private static void EveryReaderRefuses(byte[] png, string problem)
    {
        using var dir = ImageFixtures.Temp();
        string path = dir.Write("case.png", png);
        foreach (var read in Readers)
        {
            var e = Assert.Throws<RemaskDataException>(() => read(path));
            Assert.Equal(path, e.Path);
            Assert.Contains(problem, e.Problem);
        }
    }

    /// <summary>The IDAT data of a one-IDAT fixture inflated, and a PNG with other compressed data in its place.</summary>
    private static byte[] Inflated(byte[] png)
    {
        var (_, data) = PngMutations.Chunks(png).Single(c => c.Type == "IDAT");
        using var z = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        return raw.ToArray();
    }

    private static byte[] WithIdat(byte[] png, byte[] compressed) =>
        PngMutations.WithChunk(png, PngMutations.Chunks(png).ToList().FindIndex(c => c.Type == "IDAT"), "IDAT", compressed);

    private static byte[] Deflate(byte[] raw, bool finish = true)
    {
        var ms = new MemoryStream();
        var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true);
        z.Write(raw);
        if (finish) z.Dispose();
        else z.Flush();   // a sync flush: every byte decodes, but the stream has no final block and no checksum
        return ms.ToArray();
    }

    [Fact]
    public void A_header_of_2147483647_by_2147483647_is_refused_not_an_overflow()
    {
        byte[] png = Fixture("pil_rgba.png");
        byte[] ihdr = PngMutations.Chunks(png)[0].Data;
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, int.MaxValue);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), int.MaxValue);
        EveryReaderRefuses(PngMutations.WithChunk(png, 0, "IHDR", ihdr), "image");
    }

    [Fact]
    public void Compressed_data_that_stops_before_its_checksum_is_refused()
    {
        // other pixels than the file's, in a zlib stream that never reaches its Adler-32: read unchecked before
        byte[] png = Fixture("pil_gray8.png");
        byte[] raw = Inflated(png);
        raw[^1] ^= 0x55;
        EveryReaderRefuses(WithIdat(png, Deflate(raw, finish: false)), "does not end with its Adler-32 checksum");
    }

    [Fact]
    public void A_bad_checksum_after_extra_compressed_data_is_refused()
    {
        // before, only 64 bytes past the image data were read, so the checksum was never reached
        byte[] png = Fixture("pil_gray8.png");
        byte[] compressed = Deflate([.. Inflated(png), .. new byte[1000]]);
        compressed[^1] ^= 1;
        EveryReaderRefuses(WithIdat(png, compressed), "bad compressed image data");
    }

    [Fact]
    public void A_little_extra_compressed_data_reads_and_more_than_an_image_of_it_is_refused()
    {
        byte[] png = Fixture("pil_gray8.png");
        byte[] raw = Inflated(png);
        using var dir = ImageFixtures.Temp();
        string little = dir.Write("little.png", WithIdat(png, Deflate([.. raw, .. new byte[100]])));
        Assert.Equal(ImageFiles.ReadRaster(ImageFixtures.PathOf("pil_gray8.png")).Samples, ImageFiles.ReadRaster(little).Samples);
        EveryReaderRefuses(WithIdat(png, Deflate([.. raw, .. new byte[(1 << 20) + 1]])), "beyond the");
    }

    [Fact]
    public void A_second_palette_is_refused()
    {
        byte[] png = Fixture("pil_palette8.png");
        int idat = PngMutations.Chunks(png).ToList().FindIndex(c => c.Type == "IDAT");
        byte[] second = PngMutations.MakeChunk("PLTE", new byte[768]);
        EveryReaderRefuses([.. png.AsSpan(0, OffsetOf(png, idat)), .. second, .. png.AsSpan(OffsetOf(png, idat))], "a second PLTE chunk");
    }

    [Fact]
    public void A_palette_in_a_gray_png_is_refused()
    {
        byte[] png = Fixture("pil_gray8.png");
        int idat = OffsetOf(png, PngMutations.Chunks(png).ToList().FindIndex(c => c.Type == "IDAT"));
        EveryReaderRefuses([.. png.AsSpan(0, idat), .. PngMutations.MakeChunk("PLTE", new byte[6]), .. png.AsSpan(idat)], "PLTE chunk in a gray image");
    }

    [Theory]
    [InlineData(true, 2, "outside its place")]    // tRNS before PLTE
    [InlineData(false, 300, "300 alphas for a palette of")]
    public void Palette_transparency_out_of_place_or_longer_than_the_palette_is_refused(bool beforePalette, int alphas, string problem)
    {
        byte[] png = Fixture("pil_palette2.png");
        var chunks = PngMutations.Chunks(png).ToList();
        int at = OffsetOf(png, chunks.FindIndex(c => c.Type == (beforePalette ? "PLTE" : "IDAT")));
        EveryReaderRefuses([.. png.AsSpan(0, at), .. PngMutations.MakeChunk("tRNS", new byte[alphas]), .. png.AsSpan(at)], problem);
    }

    /// <summary>Where chunk number <paramref name="index"/> starts (its length field).</summary>
    private static int OffsetOf(byte[] png, int index) =>
        8 + PngMutations.Chunks(png).Take(index).Sum(c => 12 + c.Data.Length);
}
