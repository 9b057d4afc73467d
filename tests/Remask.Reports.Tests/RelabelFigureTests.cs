using Remask.Core.Imaging;
using Remask.Core.Relabeling;

namespace Remask.Reports.Tests;

public class RelabelFigureTests
{
    private static Mask Square(int size, int from, int to)
    {
        var p = new byte[size * size];
        for (int y = from; y <= to; y++)
            for (int x = from; x <= to; x++) p[y * size + x] = 1;
        return new Mask(size, size, p);
    }

    private static RelabelExample Example(Mask? reference) =>
        new("a", 0.5, new Image(8, 8, 1, Enumerable.Repeat(0.5f, 64).ToArray()), Square(8, 2, 4), Square(8, 1, 6),
            Enumerable.Repeat(0.25f, 64).ToArray(), reference);

    private static (int R, int G, int B) At(Raster r, int x, int y) =>
        (r.Samples[(y * r.Width + x) * 3], r.Samples[(y * r.Width + x) * 3 + 1], r.Samples[(y * r.Width + x) * 3 + 2]);

    [Fact]
    public void Rows_hold_image_label_before_heat_map_label_after_and_clean_mask_each_outlined_in_its_colour()
    {
        // tile 8 = the image's own size: no resizing, so every outline pixel is known by hand
        var r = RelabelFigure.Compose([Example(Square(8, 3, 5)), Example(Square(8, 3, 5))], tile: 8);
        int g = Montage.DefaultGap;
        Assert.Equal((g + 5 * (8 + g), g + 2 * (8 + g)), (r.Width, r.Height));
        int Tile(int c) => g + c * (8 + g);
        Assert.Equal((128, 128, 128), At(r, Tile(0) + 2, g + 2));          // the image (0.5 gray)
        Assert.Equal((255, 64, 64), At(r, Tile(1) + 2, g + 2));            // before: the corner of the 2..4 square
        Assert.Equal((128, 128, 128), At(r, Tile(1) + 3, g + 3));          // inside it: no outline
        var hot = Inferno.Color(1);
        Assert.Equal((hot.R * 0.85 + 128 * 0.15, hot.G * 0.85 + 128 * 0.15, hot.B * 0.85 + 128 * 0.15), ((double)At(r, Tile(2) + 5, g + 5).R, (double)At(r, Tile(2) + 5, g + 5).G, (double)At(r, Tile(2) + 5, g + 5).B), new TupleTolerance(1));
        Assert.Equal((0, 255, 0), At(r, Tile(3) + 1, g + 6));              // after: the 1..6 square's corner
        Assert.Equal((128, 128, 128), At(r, Tile(3) + 2, g + 2));          // the old outline is not drawn after
        Assert.Equal((255, 255, 255), At(r, Tile(4) + 3, g + 3));          // clean: the 3..5 square's corner
        Assert.Equal((128, 128, 128), At(r, Tile(4) + 4, g + 4));
        Assert.Equal((255, 64, 64), At(r, Tile(1) + 2, g + 8 + g + 2));    // the second row, below a gap
    }

    [Fact]
    public void Without_clean_masks_a_row_has_four_tiles_and_larger_images_are_fitted_to_the_tile()
    {
        var big = new RelabelExample("b", 1, new Image(40, 20, 3, new float[40 * 20 * 3]), Mask.Empty(40, 20), Mask.Full(40, 20), new float[800], null);
        var r = RelabelFigure.Compose([big], tile: 16);
        int g = Montage.DefaultGap;
        Assert.Equal((g + 4 * (16 + g), g + 16 + g), (r.Width, r.Height));
        // the 40 x 20 image becomes 16 x 8: below row 8 of the tile the gap colour shows
        Assert.Equal((24, 24, 24), At(r, g + 3, g + 12));
        Assert.Equal((0, 0, 0), At(r, g + 3, g + 3));
    }

    private sealed class TupleTolerance(double tolerance) : IEqualityComparer<(double, double, double)>
    {
        public bool Equals((double, double, double) a, (double, double, double) b) =>
            Math.Abs(a.Item1 - b.Item1) <= tolerance && Math.Abs(a.Item2 - b.Item2) <= tolerance && Math.Abs(a.Item3 - b.Item3) <= tolerance;

        public int GetHashCode((double, double, double) obj) => 0;
    }
}
