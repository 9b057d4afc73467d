using Remask.Core.Morphology;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Morphology;

public class DistanceTransformTests
{
    public sealed record DistanceCase(string[] Features, int[] Squared);

    [Fact]
    public void Matches_scipy_distance_transform_edt()
    {
        var cases = Fixture.Load<DistanceCase[]>("distance");
        Assert.NotEmpty(cases);
        foreach (var c in cases)
        {
            var mask = MaskText.Parse(c.Features);
            var output = new int[mask.Length];
            DistanceTransform.SquaredToNearest(mask.Pixels, mask.Width, mask.Height, output);
            Assert.Equal(c.Squared, output);
        }
    }

    [Fact]
    public void Single_feature_gives_squared_euclidean_distances()
    {
        var mask = MaskText.Parse("....", "....", "...1");
        var output = new int[12];
        DistanceTransform.SquaredToNearest(mask.Pixels, 4, 3, output);
        Assert.Equal([13, 8, 5, 4, 10, 5, 2, 1, 9, 4, 1, 0], output);
    }

    [Fact]
    public void No_feature_means_infinite_distance()
    {
        var output = new int[6];
        DistanceTransform.SquaredToNearest(new byte[6], 3, 2, output);
        Assert.All(output, d => Assert.Equal(DistanceTransform.Infinite, d));
    }
}
