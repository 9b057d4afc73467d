using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

/// <summary>The planar image's indexers: a pixel's channels read by index agree with the (c, x, y) indexer.</summary>
public class ImageTests
{
    [Fact]
    public void ReadPixel_gives_every_channel_of_the_row_major_pixel_as_the_indexer_does()
    {
        // 3 x 2 pixels, 2 channels, planar: channel 0 holds 0..5, channel 1 holds 10..15.
        var image = new Image(3, 2, 2, [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]);
        var pixel = new double[2];
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 3; x++)
            {
                image.ReadPixel(y * 3 + x, pixel);
                Assert.Equal(image[0, x, y], pixel[0]);
                Assert.Equal(image[1, x, y], pixel[1]);
            }
        image.ReadPixel(4, pixel);                                           // x = 1, y = 1
        Assert.Equal([4.0, 14.0], pixel);
    }
}
