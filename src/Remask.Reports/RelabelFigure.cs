using Remask.Core.Imaging;
using Remask.Core.Relabeling;

namespace Remask.Reports;

/// <summary>
/// The paper's Fig. 5 for a relabel pass: one row per example (the worst-ranked changed labels first, then unchanged ones), five tiles to a row —
/// the image; the label before, outlined in red; the uncertainty heat map (inferno, 0 to 0.25, over the image); the
/// label after, outlined in green; and the clean mask outlined in white where the examples have one (benchmarks).
/// Each tile fits the image into <c>tile</c> x <c>tile</c> pixels (aspect kept; bilinear for the image and the map,
/// nearest for masks), separated by <see cref="Montage.DefaultGap"/> dark pixels.
/// </summary>
public static class RelabelFigure
{
    /// <summary>The outline of the label before relabeling, light red (RGB 255, 64, 64).</summary>
    public static ReadOnlySpan<byte> BeforeColor => [255, 64, 64];
    /// <summary>The outline of the label after relabeling, pure green (RGB 0, 255, 0).</summary>
    public static ReadOnlySpan<byte> AfterColor => [0, 255, 0];
    /// <summary>The outline of the clean mask, white (RGB 255, 255, 255).</summary>
    public static ReadOnlySpan<byte> CleanColor => [255, 255, 255];

    /// <summary>The heat map's full scale: aleatoric uncertainty never exceeds 0.25.</summary>
    public const float UncertaintyScale = 0.25f;

    /// <summary>
    /// The figure of <paramref name="examples"/>, one row each in the order given: an 8-bit RGB raster of 5 tiles to a
    /// row when every example has a clean mask, else 4 (no clean-mask tile).
    /// </summary>
    /// <param name="examples">The examples to draw (<see cref="RelabelExamples.Worst"/>), at least one.</param>
    /// <param name="tile">The side of a tile in pixels, at least 8.</param>
    public static Raster Compose(IReadOnlyList<RelabelExample> examples, int tile = 128)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("a figure needs at least one example", nameof(examples));
        ArgumentOutOfRangeException.ThrowIfLessThan(tile, 8);
        bool clean = examples.All(e => e.Reference is not null);
        int columns = clean ? 5 : 4, gap = Montage.DefaultGap;
        int width = gap + columns * (tile + gap), height = gap + examples.Count * (tile + gap);
        var samples = new ushort[width * height * 3];
        for (int i = 0; i < samples.Length; i++) samples[i] = Montage.GapColor[i % 3];
        for (int row = 0; row < examples.Count; row++)
        {
            var e = examples[row];
            double scale = (double)tile / Math.Max(e.Image.Width, e.Image.Height);
            int w = Math.Max(1, (int)Math.Round(e.Image.Width * scale)), h = Math.Max(1, (int)Math.Round(e.Image.Height * scale));
            var image = Resize.Bilinear(e.Image, w, h);
            var picture = RasterConversions.FromImage(image, 8);
            var heat = Inferno.Overlay(image, Resize.Bilinear(new Image(e.Image.Width, e.Image.Height, 1, e.Uncertainty), w, h).Data, UncertaintyScale);
            var tiles = new List<(Raster Tile, Mask? Outline, byte[] Color)>
            {
                (picture, null, []),
                (picture, Resize.Nearest(e.Before, w, h), BeforeColor.ToArray()),
                (heat, null, []),
                (picture, Resize.Nearest(e.After, w, h), AfterColor.ToArray()),
            };
            if (clean) tiles.Add((picture, Resize.Nearest(e.Reference!, w, h), CleanColor.ToArray()));
            int oy = gap + row * (tile + gap);
            for (int c = 0; c < tiles.Count; c++)
            {
                int ox = gap + c * (tile + gap);
                Blit(tiles[c].Tile, samples, width, ox, oy);
                if (tiles[c].Outline is { } mask) Montage.DrawOutline(Montage.Outline(mask), tiles[c].Color, samples, width, ox, oy);
            }
        }
        return new Raster(width, height, 3, 8, samples);
    }

    /// <summary>Writes <see cref="Compose"/>'s picture as a PNG (atomically); nothing when there are no examples.</summary>
    public static void Write(string path, IReadOnlyList<RelabelExample>? examples, int tile = 128)
    {
        if (examples is not { Count: > 0 }) return;
        PngWriter.Write(path, Compose(examples, tile));
    }

    private static void Blit(Raster tile, ushort[] target, int targetWidth, int ox, int oy)
    {
        for (int y = 0; y < tile.Height; y++)
            for (int x = 0; x < tile.Width; x++)
                for (int c = 0; c < 3; c++)
                    target[((oy + y) * targetWidth + ox + x) * 3 + c] = tile.Samples[(y * tile.Width + x) * tile.Channels + (tile.Channels >= 3 ? c : 0)];
    }
}
