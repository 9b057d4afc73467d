using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

public class ResizeTests
{
    private sealed record Case(int Width, int Height, int OutWidth, int OutHeight, double[] Input, double[] Expected);

    private sealed record Cases(Case[] Bilinear, Case[] Nearest);

    private static readonly Cases Reference = JsonSerializer.Deserialize<Cases>(
        File.ReadAllText(ImageFixtures.PathOf("resize_cases.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Fact]
    public void Bilinear_2x2_to_4x4_samples_pixel_centres()
    {
        // Destination x = 0..3 sits at source x = (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25; clamped to the
        // edge pixels, the horizontal weights of pixel 1 are 0, 1/4, 3/4, 1, and the same vertically.
        // For input [[0, 1], [2, 3]] (value = x + 2y) the result is X[x] + 2 Y[y] with X = Y = [0, .25, .75, 1].
        var image = new Image(2, 2, 1, [0, 1, 2, 3]);
        Image big = Resize.Bilinear(image, 4, 4);
        float[] w = [0f, 0.25f, 0.75f, 1f];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                Assert.Equal(w[x] + 2 * w[y], big[0, x, y], 6);
    }

    [Fact]
    public void Bilinear_matches_scipy_zoom_with_pixel_centres()
    {
        foreach (Case c in Reference.Bilinear)
        {
            var image = new Image(c.Width, c.Height, 1, c.Input.Select(v => (float)v).ToArray());
            Image r = Resize.Bilinear(image, c.OutWidth, c.OutHeight);
            Assert.Equal((c.OutWidth, c.OutHeight), (r.Width, r.Height));
            for (int i = 0; i < c.Expected.Length; i++) Assert.Equal(c.Expected[i], r.Data[i], tolerance: 2e-6);
        }
    }

    [Fact]
    public void Bilinear_resizes_each_channel_alone_and_keeps_constants()
    {
        var random = new Random(3);
        float[] plane = Enumerable.Range(0, 5 * 4).Select(_ => random.NextSingle()).ToArray();
        float[] data = [.. plane, .. plane.Select(v => 2 * v + 1), .. Enumerable.Repeat(0.4f, 20)];
        Image r = Resize.Bilinear(new Image(5, 4, 3, data), 8, 7);
        for (int i = 0; i < 8 * 7; i++)
        {
            Assert.Equal(2 * r.Plane(0)[i] + 1, r.Plane(1)[i], 5);   // interpolation is linear
            Assert.Equal(0.4f, r.Plane(2)[i], 6);
        }
    }

    [Fact]
    public void Same_size_is_the_same_image()
    {
        var image = new Image(3, 2, 1, new float[6]);
        Assert.Same(image, Resize.Bilinear(image, 3, 2));
        Mask mask = Mask.Empty(3, 2);
        Assert.Same(mask, Resize.Nearest(mask, 3, 2));
    }

    [Fact]
    public void Nearest_doubles_a_checkerboard_into_2x2_blocks_and_halves_it_back()
    {
        Mask board = Mask.FromFunction(4, 4, (x, y) => (x + y) % 2 == 1);
        Mask big = Resize.Nearest(board, 8, 8);
        Assert.Equal(Mask.FromFunction(8, 8, (x, y) => (x / 2 + y / 2) % 2 == 1), big);
        Assert.Equal(board, Resize.Nearest(big, 4, 4));
        Assert.All(big.ToArray(), v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void Nearest_matches_pil()
    {
        foreach (Case c in Reference.Nearest)
        {
            var mask = new Mask(c.Width, c.Height, c.Input.Select(v => (byte)v).ToArray());
            Mask r = Resize.Nearest(mask, c.OutWidth, c.OutHeight);
            Assert.Equal(c.Expected.Select(v => (byte)v), r.ToArray());
        }
    }

    [Theory]
    // centre (i + 0.5) * source / destination exactly on a border: 24.5 * 2 / 49 = 1, 1.5 * 6 / 9 = 1
    [InlineData(2, 49, 24, 1)]
    [InlineData(6, 9, 1, 1)]
    [InlineData(3, 2, 1, 2)]   // 1.5 * 1.5 = 2.25
    [InlineData(5, 1, 0, 2)]   // the middle pixel
    public void Nearest_takes_the_pixel_holding_the_centre_borders_going_right(int source, int destination, int i, int expected) =>
        Assert.Equal(expected, Resize.NearestIndex(source, destination)[i]);

    [Fact]
    public void Bad_target_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Resize.Bilinear(new Image(2, 2, 1, new float[4]), 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resize.Nearest(Mask.Empty(2, 2), 3, -1));
    }
}
