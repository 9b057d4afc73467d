using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class CompositeShapeTests
{
    // Two discs side by side, a notch cut from the first, and a far satellite.
    private static readonly StarShape Left = new(0.35, 0.5, 0.15), Right = new(0.55, 0.5, 0.12), Satellite = new(0.85, 0.2, 0.04);
    private static readonly StarShape Notch = new(0.35, 0.35, 0.05);
    private static readonly CompositeShape Shape = new([Left, Right, Satellite], [Notch]);

    [Theory]
    [InlineData(0.35, 0.5, true)]     // centre of the first disc
    [InlineData(0.62, 0.5, true)]     // only in the second
    [InlineData(0.85, 0.2, true)]     // the satellite
    [InlineData(0.35, 0.37, false)]   // in the first disc, but in the notch
    [InlineData(0.7, 0.2, false)]     // between them
    [InlineData(0.1, 0.9, false)]
    public void Contains_is_the_union_of_the_parts_minus_the_cuts(double u, double v, bool inside) =>
        Assert.Equal(inside, Shape.Contains(u, v));

    [Fact]
    public void The_signed_distance_agrees_in_sign_with_contains_and_is_exact_away_from_creases()
    {
        var rng = new SynthRandom(5);
        for (int i = 0; i < 4000; i++)
        {
            double u = rng.NextDouble(), v = rng.NextDouble();
            double d = Shape.SignedDistance(u, v);
            if (Math.Abs(d) > 1e-12) Assert.Equal(d > 0, Shape.Contains(u, v));
        }
        // Far left of the first disc only its border is near: the distance is the disc's (exact for a circle).
        Assert.Equal(0.15 - 0.1, Shape.SignedDistance(0.25, 0.5), 12);
        Assert.Equal(-0.05, Shape.SignedDistance(0.15, 0.5), 12);
        // Inside the notch the distance is minus the depth into the notch.
        Assert.Equal(-0.05, Shape.SignedDistance(0.35, 0.35), 12);
    }

    [Fact]
    public void Bounds_hold_every_part()
    {
        var (minU, minV, maxU, maxV) = Shape.Bounds;
        Assert.Equal(Left.Bounds.MinU, minU, 12);
        Assert.Equal(Satellite.Bounds.MinV, minV, 12);
        Assert.Equal(Satellite.Bounds.MaxU, maxU, 12);
        Assert.Equal(Left.Bounds.MaxV, maxV, 12);
    }

    [Fact]
    public void A_shape_needs_a_part()
    {
        Assert.Throws<ArgumentException>(() => new CompositeShape([]));
        Assert.Empty(new CompositeShape([Left]).Cuts);
    }
}
