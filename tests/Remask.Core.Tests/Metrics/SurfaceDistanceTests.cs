using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Metrics;

public class SurfaceDistanceTests
{
    public sealed record HausdorffCase(string[] Prediction, string[] Reference, double Hd95, double Hd100, double Hd50);

    [Fact]
    public void Matches_a_python_reference_with_MONAI_semantics()
    {
        var cases = Fixture.Load<HausdorffCase[]>("hausdorff");
        Assert.True(cases.Length >= 30);
        foreach (var c in cases)
        {
            var p = MaskText.Parse(c.Prediction);
            var r = MaskText.Parse(c.Reference);
            Assert.Equal(c.Hd95, SurfaceDistance.Hausdorff95(p, r), 9);
            Assert.Equal(c.Hd100, SurfaceDistance.Hausdorff(p, r, 100), 9);
            Assert.Equal(c.Hd50, SurfaceDistance.Hausdorff(p, r, 50), 9);
        }
    }

    [Fact]
    public void Two_single_pixels_are_as_far_apart_as_their_centres()
    {
        var a = Mask.FromFunction(10, 10, (x, y) => x == 1 && y == 1);
        var b = Mask.FromFunction(10, 10, (x, y) => x == 4 && y == 5);
        Assert.Equal(5.0, SurfaceDistance.Hausdorff95(a, b), 12);
        Assert.Equal(0.0, SurfaceDistance.Hausdorff95(a, a));
    }

    [Fact]
    public void Empty_masks_are_at_distance_0_from_each_other_and_infinitely_far_from_anything_else()
    {
        Assert.Equal(0.0, SurfaceDistance.Hausdorff95(Mask.Empty(4, 4), Mask.Empty(4, 4)));
        Assert.Equal(double.PositiveInfinity, SurfaceDistance.Hausdorff95(Mask.Empty(4, 4), Mask.Full(4, 4)));
        Assert.Equal(double.PositiveInfinity, SurfaceDistance.Hausdorff95(Mask.Full(4, 4), Mask.Empty(4, 4)));
    }

    [Fact]
    public void Percentile_interpolates_linearly_like_numpy()
    {
        Assert.Equal(2.5, SurfaceDistance.Percentile([4, 1, 3, 2], 50));
        Assert.Equal(3.85, SurfaceDistance.Percentile([1, 2, 3, 4], 95), 12);
        Assert.Equal(7.0, SurfaceDistance.Percentile([7], 95));
    }

    [Fact]
    public void The_surface_is_the_foreground_with_a_background_or_outside_4_neighbour()
    {
        var mask = MaskText.Parse(
            "11111",
            "11111",
            "11111",
            "...11");
        var surface = SurfaceDistance.Surface(mask.Pixels, 5, 4);
        MaskText.AssertEqual(MaskText.Parse(
            "11111",
            "1...1",
            "111.1",
            "...11"), new Mask(5, 4, surface));
    }
}
