using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

public class RasterDifferenceTests
{
    [Fact]
    public void Largest_and_mean_absolute_difference_by_hand()
    {
        var a = new Raster(2, 1, 2, 8, [10, 20, 30, 40]);
        var b = new Raster(2, 1, 2, 8, [13, 20, 29, 40]);
        Assert.Equal((3, 1.0), RasterDifference.Of(a, b));
        Assert.Equal((0, 0.0), RasterDifference.Of(a, a));
    }

    [Fact]
    public void Rasters_of_different_shapes_are_refused() =>
        Assert.Throws<ArgumentException>(() => RasterDifference.Of(new Raster(2, 1, 1, 8, [1, 2]), new Raster(1, 2, 1, 8, [1, 2])));
}
