using Remask.Core.Imaging;

namespace Remask.Reports.Tests;

public class InfernoTests
{
    [Fact]
    public void Ends_and_middle_are_matplotlibs_inferno()
    {
        // matplotlib 3.6.3: inferno(0) = (0, 0, 4), inferno(128/255) = (188, 55, 84), inferno(1) = (252, 255, 164).
        Assert.Equal(((byte)0, (byte)0, (byte)4), Inferno.Color(0));
        Assert.Equal(((byte)188, (byte)55, (byte)84), Inferno.Color(128 / 255.0));
        Assert.Equal(((byte)252, (byte)255, (byte)164), Inferno.Color(1));
        Assert.Equal(Inferno.Color(1), Inferno.Color(7));
    }

    [Fact]
    public void Overlay_shows_the_image_where_the_map_is_low_and_the_colour_where_it_is_high()
    {
        var gray = new Image(2, 1, 1, [1f, 1f]);
        var r = Inferno.Overlay(gray, [0f, 0.25f], 0.25f);
        Assert.Equal((3, 8), (r.Channels, r.BitDepth));
        // Pixel 0: 0.75 x 255 + 0.25 x (0, 0, 4); pixel 1: 0.15 x 255 + 0.85 x (252, 255, 164).
        Assert.Equal(new ushort[] { 191, 191, 192 }, r.Samples[..3]);
        Assert.Equal(new ushort[] { 252, 255, 178 }, r.Samples[3..]);
        Assert.Throws<ArgumentException>(() => Inferno.Overlay(gray, [0f], 1f));
    }
}
