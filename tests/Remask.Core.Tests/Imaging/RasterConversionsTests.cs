using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

public class RasterConversionsTests
{
    private static Raster Gray(int depth, params ushort[] values) => new(values.Length, 1, 1, depth, values);

    private static byte[] MaskOf(Raster r, string? rule) => RasterConversions.ToMask(r, ForegroundRule.Parse(rule)).ToArray();

    [Fact]
    public void Label_maps_0_1_and_0_255_read_the_same_by_default()
    {
        Assert.Equal(new byte[] { 0, 1, 1, 0 }, MaskOf(Gray(8, 0, 1, 1, 0), null));
        Assert.Equal(new byte[] { 0, 1, 1, 0 }, MaskOf(Gray(8, 0, 255, 255, 0), null));
    }

    [Fact]
    public void Label_maps_with_several_classes_pick_labels()
    {
        Raster liver = Gray(8, 0, 1, 2, 2, 1, 0, 3);   // Decathlon-like: 0 background, 1 liver, 2 tumour, 3 other
        Assert.Equal(new byte[] { 0, 1, 1, 1, 1, 0, 1 }, MaskOf(liver, null));
        Assert.Equal(new byte[] { 0, 1, 1, 1, 1, 0, 0 }, MaskOf(liver, "1,2"));
        Assert.Equal(new byte[] { 0, 0, 1, 1, 0, 0, 0 }, MaskOf(liver, "2"));
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 1, 0 }, MaskOf(liver, "0"));
    }

    [Fact]
    public void Sixteen_bit_masks_use_their_full_values()
    {
        Assert.Equal(new byte[] { 0, 1, 0, 1 }, MaskOf(Gray(16, 0, 65535, 0, 1), null));
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, MaskOf(Gray(16, 0, 1, 300, 65535), "300"));
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, MaskOf(Gray(16, 0, 1, 300, 65535), "65535"));
    }

    [Fact]
    public void Rgb_masks_any_colour_by_default_and_the_first_channel_for_labels()
    {
        // pixels: black, red, green, blue, (2, 0, 0)
        var rgb = new Raster(5, 1, 3, 8, [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 2, 0, 0]);
        Assert.Equal(new byte[] { 0, 1, 1, 1, 1 }, MaskOf(rgb, null));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 1 }, MaskOf(rgb, "2"));
        Assert.Equal(new byte[] { 0, 1, 0, 0, 0 }, MaskOf(rgb, "255"));
    }

    [Fact]
    public void Alpha_never_makes_foreground()
    {
        // gray+alpha pixels (value, alpha): (0, 255), (200, 0), (0, 0)
        var ga = new Raster(3, 1, 2, 8, [0, 255, 200, 0, 0, 0]);
        Assert.Equal(new byte[] { 0, 1, 0 }, MaskOf(ga, null));
        var rgba = new Raster(2, 1, 4, 8, [0, 0, 0, 255, 0, 9, 0, 0]);
        Assert.Equal(new byte[] { 0, 1 }, MaskOf(rgba, null));
    }

    [Fact]
    public void ToImage_scales_by_the_maximum_drops_alpha_and_goes_planar()
    {
        // 2x1 RGBA, 16-bit
        var r = new Raster(2, 1, 4, 16, [0, 65535, 13107, 7, 65535, 0, 32768, 9]);
        Image image = RasterConversions.ToImage(r);
        Assert.Equal((2, 1, 3), (image.Width, image.Height, image.Channels));
        float[] expected = [0f, 1f, 1f, 0f, 0.2f, 32768f / 65535f];   // plane R, plane G, plane B
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], image.Data[i], 6);

        Image fourBit = RasterConversions.ToImage(new Raster(3, 1, 1, 8, [0, 5, 15], maxValue: 15));
        float[] want = [0f, 1f / 3f, 1f];
        for (int i = 0; i < 3; i++) Assert.Equal(want[i], fourBit.Data[i], 6);
    }

    [Fact]
    public void FromImage_clamps_and_rounds()
    {
        var image = new Image(5, 1, 1, [-0.5f, float.NaN, 0.5f, 0.998f, 7f]);
        Assert.Equal(new ushort[] { 0, 0, 128, 254, 255 }, RasterConversions.FromImage(image).Samples);   // 127.5 rounds to even 128
        Assert.Equal(new ushort[] { 0, 0, 32768, 65404, 65535 }, RasterConversions.FromImage(image, 16).Samples);
    }

    [Fact]
    public void Raster_validates_its_maximum()
    {
        Assert.Equal(255, Gray(8, 1).MaxValue);
        Assert.Equal(65535, Gray(16, 1).MaxValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Raster(1, 1, 1, 8, [0], maxValue: 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Raster(1, 1, 1, 8, [0], maxValue: 0));
    }
}
