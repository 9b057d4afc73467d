using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Synthetic;

namespace Remask.Reports.Tests;

public class MontageTests
{
    private static Sample Flat(string name, int w, int h, float gray, Mask? mask = null) =>
        new(name, new Image(w, h, 1, Enumerable.Repeat(gray, w * h).ToArray()), mask);

    private static Sample FlatRgb(string name, int w, int h, float r, float g, float b)
    {
        var d = new float[3 * w * h];
        for (int i = 0; i < w * h; i++) { d[i] = r; d[w * h + i] = g; d[2 * w * h + i] = b; }
        return new Sample(name, new Image(w, h, 3, d), null);
    }

    private static (ushort R, ushort G, ushort B) Pixel(Raster r, int x, int y) => (r[x, y, 0], r[x, y, 1], r[x, y, 2]);

    [Fact]
    public void Layout_places_cells_row_by_row_with_gaps()
    {
        // 5 tiles of 8 x 6 in 3 columns, outlined and bare side by side, gap 4.
        var l = Montage.LayoutFor(5, 8, 6, columns: 3, withBareImage: true, gap: 4);
        Assert.Equal(2, l.Rows);
        Assert.Equal(20, l.CellWidth);               // 8 + 4 + 8
        Assert.Equal(4 + 3 * (20 + 4), l.Width);     // 76
        Assert.Equal(4 + 2 * (6 + 4), l.Height);     // 24
        Assert.Equal((4, 4), l.TileOrigin(0));
        Assert.Equal((52, 4), l.TileOrigin(2));
        Assert.Equal((28, 14), l.TileOrigin(4));
        Assert.Equal((40, 14), l.BareOrigin(4));
        Assert.Equal(4, Montage.LayoutFor(16, 8, 8).Columns);   // default: ceil(sqrt(count))
        Assert.Equal(3, Montage.LayoutFor(5, 8, 8).Columns);
    }

    [Fact]
    public void Each_tile_shows_its_image_and_the_gaps_stay_dark()
    {
        var samples = Enumerable.Range(0, 5).Select(k => Flat($"s{k}", 8, 6, (k + 1) / 10f)).ToList();
        samples[3] = FlatRgb("rgb", 8, 6, 1f, 0.5f, 0f);
        var r = Montage.Compose(samples, columns: 3, withBareImage: true, gap: 4);
        Assert.Equal((76, 24, 3, 8), (r.Width, r.Height, r.Channels, r.BitDepth));
        var layout = Montage.LayoutFor(5, 8, 6, 3, true, 4);
        var expected = new Dictionary<(int, int), (ushort, ushort, ushort)>();
        for (int k = 0; k < 5; k++)
        {
            ushort g = (ushort)Math.Round((k + 1) / 10.0 * 255);
            var colour = k == 3 ? ((ushort)255, (ushort)128, (ushort)0) : (g, g, g);
            foreach (var (ox, oy) in new[] { layout.TileOrigin(k), layout.BareOrigin(k) })
                for (int y = 0; y < 6; y++)
                    for (int x = 0; x < 8; x++) expected[(ox + x, oy + y)] = colour;
        }
        for (int y = 0; y < r.Height; y++)
            for (int x = 0; x < r.Width; x++)
                Assert.Equal(expected.TryGetValue((x, y), out var c) ? c : ((ushort)24, (ushort)24, (ushort)24), Pixel(r, x, y));
    }

    [Fact]
    public void The_outline_is_exactly_the_border_pixels_of_a_square_mask()
    {
        // A 16 x 16 image with the square 4..11 x 4..11 as mask: its outline is the square's 28 border pixels.
        var mask = Mask.FromFunction(16, 16, (x, y) => x is >= 4 and <= 11 && y is >= 4 and <= 11);
        var outline = Montage.Outline(mask);
        Assert.Equal(28, outline.CountForeground());
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                bool onBorder = mask[x, y] && (x is 4 or 11 || y is 4 or 11);
                Assert.Equal(onBorder, outline[x, y]);
            }

        var r = Montage.Compose([Flat("sq", 16, 16, 0.4f, mask)], columns: 1, withBareImage: true, gap: 2);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                var expected = outline[x, y] ? ((ushort)0, (ushort)255, (ushort)0) : ((ushort)102, (ushort)102, (ushort)102);
                Assert.Equal(expected, Pixel(r, 2 + x, 2 + y));
                Assert.Equal(((ushort)102, (ushort)102, (ushort)102), Pixel(r, 2 + 16 + 2 + x, 2 + y));   // bare image
            }
    }

    [Fact]
    public void The_image_border_is_not_an_outline()
    {
        Assert.True(Montage.Outline(Mask.Full(5, 4)).IsEmpty);
        // A mask filling the left half: the outline is its right column only.
        var half = Mask.FromFunction(6, 4, (x, _) => x < 3);
        var o = Montage.Outline(half);
        Assert.Equal(4, o.CountForeground());
        for (int y = 0; y < 4; y++) Assert.True(o[2, y]);
    }

    [Fact]
    public void Tiles_of_different_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Montage.Compose([Flat("a", 8, 8, 0), Flat("b", 9, 8, 0)]));
        Assert.Throws<ArgumentException>(() => Montage.Compose([Flat("a", 8, 8, 0, Mask.Empty(7, 8))]));
        Assert.Throws<ArgumentException>(() => Montage.Compose(Array.Empty<Sample>()));
    }

    [Fact]
    public void The_synthetic_preview_is_a_valid_png_of_the_composed_grid()
    {
        string dir = Path.Combine(Path.GetTempPath(), "remask-montage-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var kind in new[] { SyntheticKind.Derm, SyntheticKind.Ct })
            {
                string path = Path.Combine(dir, "sub", $"{kind}.png");
                Montage.WriteSyntheticPreview(kind, 5, 32, 2021, path);
                var png = PngTestDecoder.Decode(File.ReadAllBytes(path));
                var samples = Enumerable.Range(0, 5).Select(i => SyntheticDatasets.Generate(kind, i, 32, 2021)).ToList();
                var expected = Montage.Compose(samples);
                Assert.Equal((expected.Width, expected.Height, 3), (png.Width, png.Height, png.Channels));
                Assert.Equal(expected.Samples.Select(v => (byte)v).ToArray(), png.Samples);
                // Green outline pixels are there (every sample but an empty CT slice has a mask).
                int green = 0;
                for (int i = 0; i < png.Samples.Length; i += 3)
                    if (png.Samples[i] == 0 && png.Samples[i + 1] == 255 && png.Samples[i + 2] == 0) green++;
                Assert.True(green > 20);
            }
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "sub"), ".*"));   // no temporary files left behind
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_hard_preview_holds_the_hard_samples()
    {
        string dir = Path.Combine(Path.GetTempPath(), "remask-montage-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "hard.png");
            Montage.WriteSyntheticPreview(SyntheticKind.Derm, 4, 32, 2021, path, default, SyntheticDifficulty.Hard);
            var png = PngTestDecoder.Decode(File.ReadAllBytes(path));
            var hard = Enumerable.Range(0, 4).Select(i => SyntheticDatasets.Generate(SyntheticKind.Derm, i, 32, 2021, SyntheticDifficulty.Hard)).ToList();
            Assert.Equal(Montage.Compose(hard).Samples.Select(v => (byte)v).ToArray(), png.Samples);
            var standard = Enumerable.Range(0, 4).Select(i => SyntheticDatasets.Generate(SyntheticKind.Derm, i, 32, 2021)).ToList();
            Assert.NotEqual(Montage.Compose(standard).Samples.Select(v => (byte)v).ToArray(), png.Samples);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_preview_needs_a_sample()
    {
        Assert.Throws<RemaskUsageException>(() => Montage.WriteSyntheticPreview(SyntheticKind.Derm, 0, 32, 1, "unused.png"));
    }
}
