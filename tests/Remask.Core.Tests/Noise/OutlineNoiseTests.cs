using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Remask.Core.Morphology;
using Remask.Core.Noise;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Noise;

public class OutlineNoiseTests
{
    private static readonly Mask Blob = RandomMasks.Ellipse(96, 80, 47, 41, 36, 24);

    [Fact]
    public void Dice_with_the_original_rises_with_k_for_a_convex_blob()
    {
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            double previous = 0;
            foreach (int k in new[] { 3, 4, 6, 10, 20, 40 })
            {
                double dice = ConfusionCounts.Of(new PolygonNoise(k).Apply(Blob, seed), Blob).Dice;
                Assert.True(dice > previous, $"seed {seed}: Dice {dice:F4} at k = {k} does not exceed {previous:F4}");
                previous = dice;
            }
            Assert.True(previous > 0.97);
        }
    }

    [Fact]
    public void A_polygon_through_all_boundary_pixels_of_a_digital_disc_gives_the_disc_back()
    {
        var disc = RandomMasks.Disc(40, 40, 19.3, 20.1, 12.4);
        int boundary = Assert.Single(ContourTracer.OuterBoundaries(disc)).Points.Distinct().Count();
        Assert.Equal(disc, new PolygonNoise(boundary).Apply(disc, 9));
    }

    [Fact]
    public void Polygon_noise_of_a_disc_stays_inside_it_and_triangles_are_filled_triangles()
    {
        var disc = RandomMasks.Disc(50, 50, 25, 25, 20);
        var tri = new PolygonNoise(3).Apply(disc, 4);
        for (int i = 0; i < disc.Length; i++) Assert.True(tri.Pixels[i] <= disc.Pixels[i]);
        // A filled triangle is convex: filling holes or closing it changes nothing, and it is one component.
        Assert.Equal(1, ConnectedComponents.Label(tri).Count);
        Assert.Equal(tri, HoleFilling.Fill(tri));
        double dice = ConfusionCounts.Of(tri, disc).Dice;
        // An inscribed triangle covers at most 41 % of a disc (Dice <= 0.585); RDP's triangle stands on the
        // diameter with its apex on the rim, 1/pi of the disc (Dice 0.48).
        Assert.InRange(dice, 0.45, 0.6);
    }

    [Fact]
    public void Holes_disappear()
    {
        var ring = RandomMasks.Disc(40, 40, 20, 20, 15);
        var hole = RandomMasks.Disc(40, 40, 20, 20, 6);
        var data = ring.ToArray();
        for (int i = 0; i < data.Length; i++) if (hole.Pixels[i] == 1) data[i] = 0;
        var noisy = new PolygonNoise(12).Apply(new Mask(40, 40, data), 1);
        Assert.True(noisy[20, 20]);
        Assert.Equal(noisy, HoleFilling.Fill(noisy));
        Assert.True(new SmoothCurveNoise().Apply(new Mask(40, 40, data), 1)[20, 20]);
    }

    [Fact]
    public void Components_too_small_for_k_vertices_are_kept_as_they_are()
    {
        var mask = MaskText.Parse(
            "1.......",
            "........",
            "...11...",
            "........",
            "......1.",
            ".....1..");
        Assert.Equal(mask, new PolygonNoise(3).Apply(mask, 5));
        Assert.Equal(mask, new SmoothCurveNoise(3).Apply(mask, 5));
    }

    [Fact]
    public void Components_touching_the_border_work()
    {
        var half = RandomMasks.Disc(40, 30, 20, -2, 22);   // cut by the top edge
        foreach (ILabelNoise noise in new ILabelNoise[] { new PolygonNoise(7), new SmoothCurveNoise() })
        {
            var noisy = noise.Apply(half, 3);
            Assert.True(ConfusionCounts.Of(noisy, half).Dice > 0.9, noise.Name);
            Assert.True(noisy[20, 0]);
        }
    }

    [Fact]
    public void Noisy_masks_are_deterministic_for_a_seed_and_vary_between_seeds()
    {
        var disc = RandomMasks.Disc(60, 60, 30, 30, 24);
        foreach (ILabelNoise noise in new ILabelNoise[] { new PolygonNoise(3), new PolygonNoise(7), new SmoothCurveNoise() })
        {
            Assert.Equal(noise.Apply(disc, 42), noise.Apply(disc, 42));
            var distinct = Enumerable.Range(0, 8).Select(s => noise.Apply(disc, (ulong)s)).Distinct().Count();
            Assert.True(distinct >= 2, $"{noise.Name}: the seed changes nothing");
        }
    }

    [Fact]
    public void Smooth_curves_follow_a_round_shape_better_than_the_polygon_with_the_same_vertices()
    {
        var disc = RandomMasks.Disc(80, 80, 40, 40, 32);
        for (ulong seed = 0; seed < 5; seed++)
        {
            double poly = ConfusionCounts.Of(new PolygonNoise(5).Apply(disc, seed), disc).Dice;
            double smooth = ConfusionCounts.Of(new SmoothCurveNoise(5).Apply(disc, seed), disc).Dice;
            Assert.True(smooth > poly, $"seed {seed}: smooth {smooth:F4} <= polygon {poly:F4}");
        }
    }

    [Fact]
    public void K_below_3_is_a_usage_error()
    {
        Assert.Throws<RemaskUsageException>(() => new PolygonNoise(2));
        Assert.Throws<RemaskUsageException>(() => new SmoothCurveNoise(0));
        Assert.Throws<RemaskUsageException>(() => NoiseModels.Parse("poly2"));
        Assert.Throws<RemaskUsageException>(() => NoiseModels.Parse("poly-4"));
    }
}
