using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class RulerTests
{
    [Fact]
    public void A_ruler_is_a_band_with_ticks_only_on_it()
    {
        const int n = 256;
        var grid = new PixelGrid(n);
        for (int r = 0; r < 20; r++)
        {
            var ruler = new Ruler(SynthRandom.For(3, r, 9));
            int band = 0, ticks = 0;
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                {
                    var (b, t) = ruler.Cover(grid.Center(x), grid.Center(y), grid.Pixel);
                    Assert.InRange(b, 0f, 1f);
                    Assert.InRange(t, 0f, b);
                    double hidden = ruler.Hides(grid.Center(x), grid.Center(y), grid.Pixel);
                    Assert.InRange(hidden, 0, 1);
                    if (b == 0) Assert.Equal(0, hidden);
                    if (b >= 0.5) band++;
                    if (t >= 0.5) ticks++;
                }
            // 0.07-0.14 wide, crossing the image (0.1-0.42 from the centre): some of the image, never most of it.
            double bandShare = (double)band / (n * n);
            Assert.InRange(bandShare, 0.02, 0.25);
            // Ticks 0.004-0.007 wide every 0.025-0.045, 25-40 % (every fifth 50-80 %) of the band deep.
            Assert.InRange((double)ticks / band, 0.02, 0.25);
        }
    }

    [Fact]
    public void Blending_darkens_under_the_ticks_and_leaves_the_rest_of_the_image_alone()
    {
        var ruler = new Ruler(SynthRandom.For(3, 4, 9));
        var grid = new PixelGrid(256);
        Span<double> rgb = stackalloc double[3];
        bool sawTick = false;
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++)
            {
                rgb[0] = rgb[1] = rgb[2] = 0.5;
                ruler.Blend(grid.Center(x), grid.Center(y), grid.Pixel, rgb);
                var (b, t) = ruler.Cover(grid.Center(x), grid.Center(y), grid.Pixel);
                if (b == 0) Assert.Equal(0.5, rgb[0]);
                if (t == 1) { Assert.True(rgb[0] < 0.35, $"tick at ({x}, {y}): {rgb[0]}"); sawTick = true; }
            }
        Assert.True(sawTick);
    }
}
