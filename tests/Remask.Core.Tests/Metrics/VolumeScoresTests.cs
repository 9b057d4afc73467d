using Remask.Core.Metrics;

namespace Remask.Core.Tests.Metrics;

public class VolumeScoresTests
{
    [Fact]
    public void Three_d_dice_counts_all_voxels_and_slice_dice_averages_the_slices_with_foreground()
    {
        // 3 slices of 4 voxels. Slice 0: pred 1100, ref 1000 (Dice 2/3); slice 1: both empty (left out);
        // slice 2: pred 1111, ref 1111 (Dice 1). 3-D: TP 5, FP 1, FN 0 → Dice 10/11.
        byte[] pred = [1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
        byte[] reference = [1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
        var s = VolumeScores.Of("v", pred, reference, plane: 4);
        Assert.Equal(10.0 / 11, s.Dice, 12);
        Assert.Equal(2, s.SlicesScored);
        Assert.Equal((2.0 / 3 + 1) / 2, s.SliceDice, 12);
        Assert.Equal(5.0 / 6, s.Precision, 12);
        Assert.Equal(1.0, s.Recall, 12);
    }

    [Fact]
    public void Two_empty_volumes_have_no_slice_dice()
    {
        var s = VolumeScores.Of("v", new byte[8], new byte[8], plane: 4);
        Assert.Equal(0, s.SlicesScored);
        Assert.True(double.IsNaN(s.SliceDice));
    }
}
