using Remask.Core.Imaging;
using Remask.Core.Relabeling;

namespace Remask.Core.Tests.Relabeling;

/// <summary>The clean-subset check of a relabel pass: mean Dice with the clean masks before and after, hand-computed.</summary>
public class CleanSubsetCheckTests
{
    private static Mask M(params byte[] pixels) => new(pixels.Length, 1, pixels);

    [Fact]
    public void A_repair_toward_the_clean_masks_is_kept_with_the_mean_Dice_before_and_after()
    {
        // Image 1: label 1100 vs clean 1111: Dice 2·2/(2+4) = 2/3; repaired 1111: 1. Image 2: label = repaired = clean: 1, 1.
        var verdict = CleanSubsetCheck.Judge([
            (M(1, 1, 0, 0), M(1, 1, 1, 1), M(1, 1, 1, 1)),
            (M(0, 1, 0, 0), M(0, 1, 0, 0), M(0, 1, 0, 0)),
        ]);
        Assert.Equal(2, verdict.Images);
        Assert.Equal((2.0 / 3 + 1) / 2, verdict.DiceBefore, 12);
        Assert.Equal(1.0, verdict.DiceAfter, 12);
        Assert.True(verdict.Kept);
    }

    [Fact]
    public void A_repair_away_from_the_clean_masks_is_refused()
    {
        // label = clean 1100: Dice 1; repaired 1110: 2·2/(3+2) = 0.8. Two empty masks count as Dice 1.
        var verdict = CleanSubsetCheck.Judge([
            (M(1, 1, 0, 0), M(1, 1, 1, 0), M(1, 1, 0, 0)),
            (M(0, 0, 0, 0), M(0, 0, 0, 0), M(0, 0, 0, 0)),
        ]);
        Assert.Equal(1.0, verdict.DiceBefore, 12);
        Assert.Equal((0.8 + 1) / 2, verdict.DiceAfter, 12);
        Assert.False(verdict.Kept);
    }

    [Fact]
    public void A_tie_is_kept_and_no_image_keeps_the_repair_with_no_numbers()
    {
        Assert.True(CleanSubsetCheck.Judge([(M(1, 0), M(0, 1), M(1, 1))]).Kept);      // 2/3 before and after
        var none = CleanSubsetCheck.Judge([]);
        Assert.Equal(0, none.Images);
        Assert.True(none.Kept);
        Assert.True(double.IsNaN(none.DiceBefore) && double.IsNaN(none.DiceAfter));
    }

    [Fact]
    public void Masks_of_different_sizes_are_an_error()
    {
        Assert.Throws<ArgumentException>(() => CleanSubsetCheck.Judge([(M(1, 0), M(1, 0, 0), M(1, 0))]));
    }
}
