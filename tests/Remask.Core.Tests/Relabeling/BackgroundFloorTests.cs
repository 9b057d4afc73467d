using Remask.Core.Imaging;
using Remask.Core.Relabeling;

namespace Remask.Core.Tests.Relabeling;

public class BackgroundFloorTests
{
    private static Mask Square(int size, int x0, int y0, int x1, int y1)
    {
        var pixels = new byte[size * size];
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
                pixels[y * size + x] = 1;
        return new Mask(size, size, pixels);
    }

    [Theory]
    [InlineData(new float[] { 0.3f }, 0.3)]
    [InlineData(new float[] { 0.5f, 0.1f, 0.3f }, 0.3)]
    [InlineData(new float[] { 0.4f, 0.1f, 0.3f, 0.2f }, 0.25)]
    [InlineData(new float[] { 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f }, 0.2)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_values(float[] values, double expected) =>
        Assert.Equal(expected, BackgroundFloor.Median(values), 6);

    [Fact]
    public void The_median_by_selection_equals_the_median_of_the_sorted_values()
    {
        var random = new Random(7);
        foreach (int n in new[] { 1, 2, 3, 10, 101, 1000, 4097 })
            for (int trial = 0; trial < 5; trial++)
            {
                // Few distinct values as well as many: selection must cope with long runs of equal values.
                var values = new float[n];
                for (int i = 0; i < n; i++) values[i] = trial % 2 == 0 ? (float)random.NextDouble() : random.Next(4) / 4f;
                var sorted = values.OrderBy(v => v).ToArray();
                double expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * ((double)sorted[n / 2 - 1] + sorted[n / 2]);
                Assert.Equal(expected, BackgroundFloor.Median(values), 9);
            }
    }

    [Fact]
    public void The_floor_is_the_median_far_from_the_label_and_the_prediction_and_ignores_the_ring_near_them()
    {
        // 32 x 32: label = the square [12, 19]^2; p = 0.9 on it, 0.45 within 3 px of it (a hedged rim below 0.5),
        // 0.2 farther away. With R = 4 only the 0.2 pixels are measured.
        const int size = 32;
        var label = Square(size, 12, 12, 19, 19);
        var p = new float[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int dx = Math.Max(0, Math.Max(12 - x, x - 19)), dy = Math.Max(0, Math.Max(12 - y, y - 19));
                p[y * size + x] = dx == 0 && dy == 0 ? 0.9f : dx * dx + dy * dy <= 9 ? 0.45f : 0.2f;
            }
        Assert.Equal(0.2, BackgroundFloor.Level(label.Pixels, p, size, size, radius: 4)!.Value, 6);
        Assert.Equal(0.25f, BackgroundFloor.GrowThreshold(label.Pixels, p, size, size, 4, 0.05), 6);
        // With R = 0 the rim counts too, but it is a minority: the median stays 0.2.
        Assert.Equal(0.2, BackgroundFloor.Level(label.Pixels, p, size, size, radius: 0)!.Value, 6);
    }

    [Fact]
    public void A_prediction_at_or_above_one_half_counts_as_object_and_is_not_measured()
    {
        // No label at all; the prediction covers the left half with 0.7, the right half is 0.1: the floor is 0.1.
        const int size = 40;
        var label = new byte[size * size];
        var p = new float[size * size];
        for (int i = 0; i < p.Length; i++) p[i] = i % size < size / 2 ? 0.7f : 0.1f;
        Assert.Equal(0.1, BackgroundFloor.Level(label, p, size, size, 4)!.Value, 6);
    }

    [Fact]
    public void The_threshold_never_exceeds_one_half()
    {
        const int size = 32;
        var label = Square(size, 14, 14, 17, 17);
        float[] p = RelabelMaps.Where(label, 0.9f, 0.48f);
        Assert.Equal(0.5f, BackgroundFloor.GrowThreshold(label.Pixels, p, size, size, 4, 0.05));
    }

    [Fact]
    public void An_object_that_fills_the_image_leaves_no_floor_and_the_threshold_stays_one_half()
    {
        const int size = 20;
        var label = Square(size, 1, 1, 18, 18);
        float[] p = RelabelMaps.Where(label, 0.9f, 0.3f);
        Assert.Null(BackgroundFloor.Level(label.Pixels, p, size, size, 4));
        Assert.Equal(0.5f, BackgroundFloor.GrowThreshold(label.Pixels, p, size, size, 4, 0.05));
    }

    [Fact]
    public void Reach_is_the_growth_farther_than_R_from_the_label_and_the_prediction_over_their_size()
    {
        // 20 x 20. A = the label [8, 11]^2 (p = 0.9) and the prediction [12, 13] x [8, 11] (p = 0.6): 24 pixels.
        const int size = 20;
        var label = Square(size, 8, 8, 11, 11);
        var p = new float[size * size];
        for (int y = 8; y <= 11; y++)
            for (int x = 8; x <= 13; x++) p[y * size + x] = x <= 11 ? 0.9f : 0.6f;
        // A growth along row 10 from x = 14 to 19: x = 14..17 lie within 4 px of A (x = 13), x = 18 and 19 do not.
        var growth = new byte[size * size];
        for (int x = 14; x < size; x++) growth[10 * size + x] = 1;
        Assert.Equal(2.0 / 24, BackgroundFloor.Reach(growth, label.Pixels, p, size, size, 4), 12);
        // Rows 0 and 1 lie 7 and 6 px from A: all 40 of their pixels are far.
        for (int i = 0; i < 2 * size; i++) growth[i] = 1;
        Assert.Equal(42.0 / 24, BackgroundFloor.Reach(growth, label.Pixels, p, size, size, 4), 12);
        // R = 0: everything outside A is far (6 + 40).
        Assert.Equal(46.0 / 24, BackgroundFloor.Reach(growth, label.Pixels, p, size, size, 0), 12);
        // Nothing marked: 0.
        Assert.Equal(0, BackgroundFloor.Reach(growth, new byte[size * size], new float[size * size], size, size, 4));
        Assert.Throws<ArgumentException>(() => BackgroundFloor.Reach(new byte[3], label.Pixels, p, size, size, 4));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var label = new byte[16];
        var p = new float[16];
        Assert.Throws<ArgumentException>(() => BackgroundFloor.Level(label, new float[15], 4, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BackgroundFloor.Level(label, p, 4, 4, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BackgroundFloor.GrowThreshold(label, p, 4, 4, 1, 0.6));
    }
}
