using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

/// <summary>
/// The PNG decoder against reference files: written by PIL or by the independent encoder in
/// make_image_fixtures.py, each checked there to decode (with PIL) to the source array we compare with.
/// </summary>
public class PngReaderTests
{
    public static TheoryData<string> AllCases() => new(ImageFixtures.PngCases.Select(c => c.File));

    public static TheoryData<string> PaletteCases() => new(ImageFixtures.PngCases.Where(c => c.Indices is not null).Select(c => c.File));

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Decodes_every_reference_file_to_its_source_samples(string file)
    {
        PngCase c = ImageFixtures.Png(file);
        Raster r = PngReader.Read(ImageFixtures.PathOf(file));
        Assert.Equal((c.Width, c.Height, c.Channels, c.BitDepth, c.MaxValue), (r.Width, r.Height, r.Channels, r.BitDepth, r.MaxValue));
        Assert.Equal(ImageFixtures.ReadUInt16(c.Samples), r.Samples);
    }

    [Theory]
    [MemberData(nameof(PaletteCases))]
    public void Palette_files_give_their_indices_when_asked(string file)
    {
        PngCase c = ImageFixtures.Png(file);
        Raster r = PngReader.Read(ImageFixtures.PathOf(file), PngPaletteMode.Indices);
        Assert.Equal((c.Width, c.Height, 1, 8, c.IndexMaxValue!.Value), (r.Width, r.Height, r.Channels, r.BitDepth, r.MaxValue));
        Assert.Equal(ImageFixtures.ReadUInt16(c.Indices!), r.Samples);
    }

    [Fact]
    public void The_reference_files_cover_every_colour_type_depth_filter_and_interlacing()
    {
        var cases = ImageFixtures.PngCases;
        var combos = cases.Select(c => (c.ColorType, c.FileBitDepth)).ToHashSet();
        (int, int)[] all = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)];
        Assert.All(all, combo => Assert.Contains(combo, combos));
        Assert.Equal([0, 1, 2, 3, 4], cases.SelectMany(c => c.Filters).Distinct().Order());
        Assert.Equal([0, 2, 3, 4, 6], cases.Where(c => c.Interlaced).Select(c => c.ColorType).Distinct().Order());
        Assert.Contains(cases, c => c.IdatChunks > 10);
        Assert.Contains(cases, c => c.Writer == "PIL" && c.ColorType == 3 && c.Indices is not null);
    }

    [Fact]
    public void Sub_byte_gray_keeps_stored_values_and_still_scales_to_unit_range()
    {
        Raster r = PngReader.Read(ImageFixtures.PathOf("gray2.png"));
        Assert.Equal(3, r.MaxValue);
        Assert.True(r.Samples.Max() == 3 && r.Samples.Min() == 0);
        Image image = RasterConversions.ToImage(r);
        for (int i = 0; i < r.Samples.Length; i++) Assert.Equal(r.Samples[i] / 3f, image.Data[i], 6);
    }

    [Fact]
    public void Palette_with_transparency_decodes_to_rgba_and_entries_beyond_trns_are_opaque()
    {
        Raster r = PngReader.Read(ImageFixtures.PathOf("palette4_trns_interlaced.png"));
        Assert.Equal(4, r.Channels);
        Assert.True(r.HasAlpha);
        ushort[] idx = PngReader.Read(ImageFixtures.PathOf("palette4_trns_interlaced.png"), PngPaletteMode.Indices).Samples;
        byte[] trns = [0, 64, 128, 200];   // as written by make_image_fixtures.py
        for (int i = 0; i < idx.Length; i++)
            Assert.Equal(idx[i] < trns.Length ? trns[idx[i]] : 255, r.Samples[4 * i + 3]);
    }

    [Theory]
    [InlineData(1, new byte[] { 0xA5 }, new ushort[] { 1, 0, 1, 0, 0, 1, 0, 1 })]
    [InlineData(2, new byte[] { 0b10_01_11_00, 0b01_000000 }, new ushort[] { 2, 1, 3, 0, 1 })]
    [InlineData(4, new byte[] { 0x3C, 0xF0 }, new ushort[] { 3, 12, 15 })]
    [InlineData(8, new byte[] { 7, 255 }, new ushort[] { 7, 255 })]
    [InlineData(16, new byte[] { 0x12, 0x34, 0xFF, 0x01 }, new ushort[] { 0x1234, 0xFF01 })]
    public void Unpacks_samples_most_significant_bits_first(int depth, byte[] row, ushort[] expected)
    {
        var samples = new ushort[expected.Length];
        PngReader.UnpackRow(row, depth, samples);
        Assert.Equal(expected, samples);
    }

    [Theory]
    // row [10, 20], previous row [4, 6], filter distance 1; values worked out by hand from PNG spec section 9
    [InlineData(0, new byte[] { 10, 20 })]
    [InlineData(1, new byte[] { 10, 30 })]          // Sub: 20 + 10
    [InlineData(2, new byte[] { 14, 26 })]          // Up: 10 + 4, 20 + 6
    [InlineData(3, new byte[] { 12, 29 })]          // Average: 10 + (0 + 4) / 2, 20 + (12 + 6) / 2
    [InlineData(4, new byte[] { 14, 34 })]          // Paeth: 10 + b(4); then a=14, b=6, c=4: p=16, nearest is a -> 20 + 14
    public void Undoes_each_filter_as_the_specification_defines(byte type, byte[] expected)
    {
        byte[] row = [10, 20];
        Assert.True(PngFilters.Unfilter(type, row, [4, 6], 1));
        Assert.Equal(expected, row);
    }

    [Fact]
    public void Filter_arithmetic_wraps_modulo_256()
    {
        byte[] row = [200, 100];
        Assert.True(PngFilters.Unfilter(1, row, [0, 0], 1));
        Assert.Equal(new byte[] { 200, 44 }, row);   // (100 + 200) mod 256
    }

    [Fact]
    public void Header_of_a_palette_file_tells_rgb_or_rgba_by_its_trns_chunk()
    {
        using var plain = File.OpenRead(ImageFixtures.PathOf("pil_palette8.png"));
        using var withAlpha = File.OpenRead(ImageFixtures.PathOf("pil_palette8_trns.png"));
        PngHeader a = PngReader.ReadHeader(plain, "a"), b = PngReader.ReadHeader(withAlpha, "b");
        Assert.Equal((12, 9, PngColorType.Palette, 3, 1), (a.Width, a.Height, a.ColorType, a.Channels(PngPaletteMode.Colors), a.Channels(PngPaletteMode.Indices)));
        Assert.Equal(4, b.Channels(PngPaletteMode.Colors));
    }
}
