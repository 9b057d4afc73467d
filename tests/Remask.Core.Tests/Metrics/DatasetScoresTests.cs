using Remask.Core.Imaging;
using Remask.Core.Metrics;

namespace Remask.Core.Tests.Metrics;

public class DatasetScoresTests
{
    [Fact]
    public void Means_over_images_leave_infinite_HD95_out_and_count_it()
    {
        var full = Mask.Full(4, 4);
        var empty = Mask.Empty(4, 4);
        var half = Mask.FromFunction(4, 4, (x, _) => x < 2);
        var rows = new[]
        {
            MaskScores.Of("same", full, full),     // Dice 1, HD95 0
            MaskScores.Of("missed", empty, full),  // Dice 0, HD95 infinite
            MaskScores.Of("half", half, full),     // Dice 2*8/(8+16) = 2/3
        };
        var mean = DatasetScores.Mean(rows);
        Assert.Equal(3, mean.Count);
        Assert.Equal((1 + 0 + 2.0 / 3) / 3, mean.Dice, 12);
        Assert.Equal(1, mean.InfiniteHd95);
        Assert.Equal((0 + rows[2].Hd95) / 2, mean.Hd95, 12);
        Assert.Equal((1 + 0 + 0.5) / 3, mean.IoU, 12);
    }

    [Fact]
    public void No_rows_give_NaN_means()
    {
        var mean = DatasetScores.Mean([]);
        Assert.Equal(0, mean.Count);
        Assert.True(double.IsNaN(mean.Dice));
    }
}
