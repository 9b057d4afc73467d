using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Noise;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Noise;

public class ContourTracerTests
{
    private static PixelPoint P(int x, int y) => new(x, y);

    [Fact]
    public void A_square_is_traced_clockwise_from_its_top_left_pixel()
    {
        var mask = MaskText.Parse(
            ".....",
            ".111.",
            ".111.",
            ".111.",
            ".....");
        var contour = Assert.Single(ContourTracer.OuterBoundaries(mask));
        Assert.Equal([P(1, 1), P(2, 1), P(3, 1), P(3, 2), P(3, 3), P(2, 3), P(1, 3), P(1, 2)], contour.Points);
        Assert.Equal(9, contour.Area);
    }

    [Fact]
    public void Single_pixels_and_thin_lines()
    {
        var contours = ContourTracer.OuterBoundaries(MaskText.Parse(
            "1....",
            ".....",
            "..111"));
        Assert.Equal(2, contours.Count);
        Assert.Equal([P(0, 0)], contours[0].Points);
        // A one-pixel-wide line is walked out and back: its inner pixel appears twice.
        Assert.Equal([P(2, 2), P(3, 2), P(4, 2), P(3, 2)], contours[1].Points);
    }

    [Fact]
    public void A_component_touching_the_border_is_traced_along_it()
    {
        var contour = Assert.Single(ContourTracer.OuterBoundaries(Mask.Full(4, 3)));
        Assert.Equal([P(0, 0), P(1, 0), P(2, 0), P(3, 0), P(3, 1), P(3, 2), P(2, 2), P(1, 2), P(0, 2), P(0, 1)], contour.Points);
    }

    [Fact]
    public void A_ring_gives_only_its_outer_boundary()
    {
        var ring = MaskText.Parse(
            "111",
            "1.1",
            "111");
        var contour = Assert.Single(ContourTracer.OuterBoundaries(ring));
        Assert.Equal(8, contour.Points.Count);
        Assert.DoesNotContain(P(1, 1), contour.Points);
    }

    [Fact]
    public void Contours_of_random_masks_are_closed_8_connected_chains_over_exactly_the_outer_boundary_pixels()
    {
        foreach (var mask in RandomMasks.Many(seed: 3, count: 200))
        {
            var labels = ConnectedComponents.Label(mask, Connectivity.Eight);
            var contours = ContourTracer.OuterBoundaries(labels);
            Assert.Equal(labels.Count, contours.Count);
            foreach (var contour in contours)
            {
                var pts = contour.Points;
                for (int i = 0; i < pts.Count; i++)
                {
                    PixelPoint a = pts[i], b = pts[(i + 1) % pts.Count];
                    if (pts.Count > 1)
                        Assert.True(Math.Max(Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y)) == 1, $"{a} -> {b} is not a step to an 8-neighbour");
                }
                var expected = OuterBoundaryPixels(labels, contour.Label);
                Assert.Equal(expected, pts.ToHashSet());
            }
        }
    }

    /// <summary>
    /// Independent definition: pixels of the component with a 4-neighbour in the component's outer background
    /// (background, 4-connected to outside the image, with the other components counted as background).
    /// </summary>
    private static HashSet<PixelPoint> OuterBoundaryPixels(ComponentLabels labels, int label)
    {
        int w = labels.Width, h = labels.Height;
        var component = labels.ComponentMask(label);
        var filled = HoleFilling.Fill(component, Connectivity.Four);
        var result = new HashSet<PixelPoint>();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                if (!component[x, y]) continue;
                bool outer = x == 0 || y == 0 || x == w - 1 || y == h - 1
                    || !filled[x - 1, y] || !filled[x + 1, y] || !filled[x, y - 1] || !filled[x, y + 1];
                if (outer) result.Add(new PixelPoint(x, y));
            }
        return result;
    }
}
