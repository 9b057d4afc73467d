using Remask.Core.Imaging;
using Remask.Core.Noise;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Noise;

public class PolygonFillTests
{
    [Fact]
    public void A_triangle_fills_exactly_the_pixels_whose_centres_are_inside()
    {
        // Vertices off the pixel-centre lattice: no centre lies on an edge.
        PointD a = new(1.3, 0.7), b = new(17.6, 4.2), c = new(5.1, 13.8);
        var mask = PolygonFill.ToMask([a, b, c], 20, 16);
        var expected = Mask.FromFunction(20, 16, (x, y) => StrictlyInside(new PointD(x, y), a, b, c));
        MaskText.AssertEqual(expected, mask);
        Assert.True(mask.CountForeground() > 50);
    }

    [Fact]
    public void Pixel_centres_on_the_boundary_count_as_inside()
    {
        // The triangle x >= 0, y >= 0, x + y <= 8 holds 9 + 8 + ... + 1 = 45 lattice points, edges included.
        var mask = PolygonFill.ToMask([new(0, 0), new(8, 0), new(0, 8)], 12, 12);
        Assert.Equal(Mask.FromFunction(12, 12, (x, y) => x + y <= 8), mask);
        Assert.Equal(45, mask.CountForeground());
    }

    [Fact]
    public void Vertex_order_does_not_matter_and_parts_outside_the_image_are_clipped()
    {
        PointD[] poly = [new(-5.5, -3.2), new(14.7, 2.1), new(9.3, 30.4), new(-2.2, 12.6)];
        var forward = PolygonFill.ToMask(poly, 10, 10);
        var backward = PolygonFill.ToMask(poly.Reverse().ToArray(), 10, 10);
        Assert.Equal(forward, backward);
        var big = PolygonFill.ToMask(poly, 60, 60);
        // Clipping changes nothing inside the image: compare the 10 x 10 corner (offset 0, as the polygon is not moved).
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++)
                Assert.Equal(big[x, y], forward[x, y]);
    }

    public sealed record PolygonCase(int Width, int Height, double[] X, double[] Y, string[] Filled);

    [Fact]
    public void Matches_skimage_polygon2mask()
    {
        var cases = Fixture.Load<PolygonCase[]>("polygons");
        Assert.True(cases.Length >= 30);
        foreach (var c in cases)
        {
            var poly = c.X.Zip(c.Y, (x, y) => new PointD(x, y)).ToArray();
            MaskText.AssertEqual(MaskText.Parse(c.Filled), PolygonFill.ToMask(poly, c.Width, c.Height));
        }
    }

    private static bool StrictlyInside(PointD p, PointD a, PointD b, PointD c)
    {
        double d1 = Cross(a, b, p), d2 = Cross(b, c, p), d3 = Cross(c, a, p);
        return (d1 > 0 && d2 > 0 && d3 > 0) || (d1 < 0 && d2 < 0 && d3 < 0);
    }

    private static double Cross(PointD a, PointD b, PointD p) => (b.X - a.X) * (p.Y - a.Y) - (b.Y - a.Y) * (p.X - a.X);
}
