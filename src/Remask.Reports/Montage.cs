using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Synthetic;

namespace Remask.Reports;

/// <summary>
/// A grid of samples in one picture, to see at a glance what a dataset looks like and whether its masks sit
/// on the objects: each cell is the image with the mask's outline drawn in green, optionally followed by the
/// bare image. Cells are laid out row by row, <c>columns</c> to a row, separated and framed by a dark gap.
/// </summary>
public static class Montage
{
    /// <summary>The outline colour, pure green (RGB 0, 255, 0).</summary>
    public static ReadOnlySpan<byte> OutlineColor => [0, 255, 0];

    /// <summary>The colour of the gaps between and around the cells (RGB 24, 24, 24).</summary>
    public static ReadOnlySpan<byte> GapColor => [24, 24, 24];

    /// <summary>Pixels between cells, between the two images of a cell, and around the grid.</summary>
    public const int DefaultGap = 4;

    /// <summary>The grid's geometry for <paramref name="Count"/> tiles of <paramref name="TileWidth"/> x <paramref name="TileHeight"/>.</summary>
    public sealed record Layout(int Count, int Columns, int TileWidth, int TileHeight, bool WithBareImage, int Gap)
    {
        /// <summary>Rows of cells: ceil(Count / Columns), 0 for no tiles.</summary>
        public int Rows => Count == 0 ? 0 : (Count + Columns - 1) / Columns;

        /// <summary>One cell: the outlined image, and the bare image after a gap when asked for.</summary>
        public int CellWidth => WithBareImage ? 2 * TileWidth + Gap : TileWidth;

        /// <summary>The picture's width in pixels: Gap + Columns · (<see cref="CellWidth"/> + Gap).</summary>
        public int Width => Gap + Columns * (CellWidth + Gap);
        /// <summary>The picture's height in pixels: Gap + max(Rows, 1) · (TileHeight + Gap).</summary>
        public int Height => Gap + Math.Max(Rows, 1) * (TileHeight + Gap);

        /// <summary>Top-left pixel of sample <paramref name="index"/>'s outlined image.</summary>
        public (int X, int Y) TileOrigin(int index) =>
            (Gap + index % Columns * (CellWidth + Gap), Gap + index / Columns * (TileHeight + Gap));

        /// <summary>Top-left pixel of sample <paramref name="index"/>'s bare image (when drawn).</summary>
        public (int X, int Y) BareOrigin(int index)
        {
            var (x, y) = TileOrigin(index);
            return (x + TileWidth + Gap, y);
        }
    }

    /// <summary>The layout for <paramref name="count"/> tiles; <paramref name="columns"/> 0 picks ceil(√count).</summary>
    public static Layout LayoutFor(int count, int tileWidth, int tileHeight, int columns = 0, bool withBareImage = true, int gap = DefaultGap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (columns == 0) columns = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(count)));
        return new Layout(count, columns, tileWidth, tileHeight, withBareImage, gap);
    }

    /// <summary>
    /// The mask's outline: foreground pixels with at least one 4-neighbour inside the image that is
    /// background. The image border itself is not an edge, so a mask cut by the border stays open there.
    /// </summary>
    public static Mask Outline(Mask mask)
    {
        int w = mask.Width, h = mask.Height;
        ReadOnlySpan<byte> p = mask.Pixels;
        var data = new byte[p.Length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                if (p[i] == 0) continue;
                bool edge = (x > 0 && p[i - 1] == 0) || (x < w - 1 && p[i + 1] == 0)
                    || (y > 0 && p[i - w] == 0) || (y < h - 1 && p[i + w] == 0);
                if (edge) data[i] = 1;
            }
        return new Mask(w, h, data);
    }

    /// <summary>
    /// Lays the samples out as an 8-bit RGB raster. All images must have the same size; gray images are shown
    /// gray, RGB images in colour (other channel counts show their first channel). Samples without a mask
    /// get no outline.
    /// </summary>
    public static Raster Compose(IReadOnlyList<Sample> samples, int columns = 0, bool withBareImage = true, int gap = DefaultGap)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0) throw new ArgumentException("a montage needs at least one sample", nameof(samples));
        int tw = samples[0].Image.Width, th = samples[0].Image.Height;
        foreach (var s in samples)
        {
            if (s.Image.Width != tw || s.Image.Height != th)
                throw new ArgumentException($"sample {s.Name} is {s.Image.Width}x{s.Image.Height}, the montage's tiles are {tw}x{th}", nameof(samples));
            if (s.Mask is { } m && (m.Width != tw || m.Height != th))
                throw new ArgumentException($"sample {s.Name}: mask {m.Width}x{m.Height} does not match its image {tw}x{th}", nameof(samples));
        }
        var layout = LayoutFor(samples.Count, tw, th, columns, withBareImage, gap);
        var samplesOut = new ushort[layout.Width * layout.Height * 3];
        for (int i = 0; i < samplesOut.Length; i++) samplesOut[i] = GapColor[i % 3];
        for (int k = 0; k < samples.Count; k++)
        {
            var (ox, oy) = layout.TileOrigin(k);
            Blit(samples[k].Image, samplesOut, layout.Width, ox, oy);
            if (samples[k].Mask is { } mask) DrawOutline(Outline(mask), OutlineColor, samplesOut, layout.Width, ox, oy);
            if (withBareImage)
            {
                var (bx, by) = layout.BareOrigin(k);
                Blit(samples[k].Image, samplesOut, layout.Width, bx, by);
            }
        }
        return new Raster(layout.Width, layout.Height, 3, 8, samplesOut);
    }

    /// <summary>Writes <see cref="Compose"/>'s raster as a PNG (atomically).</summary>
    public static void Write(string path, IReadOnlyList<Sample> samples, int columns = 0, bool withBareImage = true) =>
        PngWriter.Write(path, Compose(samples, columns, withBareImage));

    /// <summary>
    /// The preview of a synthetic dataset: samples 0 to <paramref name="count"/> - 1 of
    /// (<paramref name="kind"/>, <paramref name="size"/>, <paramref name="seed"/>, <paramref name="difficulty"/>),
    /// each outlined and bare, ceil(√count) cells to a row, written to <paramref name="path"/> as a PNG.
    /// </summary>
    public static void WriteSyntheticPreview(SyntheticKind kind, int count, int size, int seed, string path,
        CancellationToken cancellationToken = default, SyntheticDifficulty difficulty = SyntheticDifficulty.Standard)
    {
        if (count < 1) throw new Remask.Core.RemaskUsageException($"a preview needs at least one sample, not {count}");
        var set = new SyntheticSampleSet(kind, count, size, seed, difficulty);
        var samples = new Sample[count];
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            samples[i] = set.Load(i);
        }
        Write(path, samples);
    }

    private static void Blit(Image image, ushort[] target, int targetWidth, int ox, int oy)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        ReadOnlySpan<float> d = image.Data;
        bool color = image.Channels >= 3;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int src = y * w + x, dst = ((oy + y) * targetWidth + ox + x) * 3;
                for (int c = 0; c < 3; c++)
                    target[dst + c] = ToByte(d[(color ? c : 0) * plane + src]);
            }
    }

    /// <summary>Paints the outline's pixels in <paramref name="color"/> (RGB) into an interleaved 3-channel raster of
    /// width <paramref name="targetWidth"/>, with the outline's top-left corner at (<paramref name="ox"/>, <paramref name="oy"/>).</summary>
    internal static void DrawOutline(Mask outline, ReadOnlySpan<byte> color, ushort[] target, int targetWidth, int ox, int oy)
    {
        ReadOnlySpan<byte> p = outline.Pixels;
        for (int y = 0; y < outline.Height; y++)
            for (int x = 0; x < outline.Width; x++)
            {
                if (p[y * outline.Width + x] == 0) continue;
                int dst = ((oy + y) * targetWidth + ox + x) * 3;
                for (int c = 0; c < 3; c++) target[dst + c] = color[c];
            }
    }

    /// <summary>[0, 1] to 0..255, rounded, clamped (NaN to 0), as <see cref="RasterConversions.FromImage"/> does.</summary>
    private static ushort ToByte(float v)
    {
        if (!(v > 0)) return 0;
        if (v >= 1) return 255;
        return (ushort)MathF.Round(v * 255);
    }
}
