using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Training;

public class SegmentationLossTests
{
    [Fact]
    public void Equals_hand_computed_BCE_plus_soft_Dice()
    {
        // One image, two pixels: logits 0 and ln 3 (p = 0.5, 0.75), targets 1 and 0.
        // BCE = (ln 2 + ln 4) / 2 = 1.5 ln 2. Dice: sum p y = 0.5, sum p = 1.25, sum y = 1 -> 1 - (1 + 1) / (2.25 + 1) = 1 - 2/3.25.
        using var z = tensor(new float[] { 0f, MathF.Log(3f) }, new long[] { 1, 1, 1, 2 });
        using var y = tensor(new float[] { 1f, 0f }, new long[] { 1, 1, 1, 2 });
        double expected = 1.5 * Math.Log(2) + (1 - 2 / 3.25);
        using var loss = SegmentationLoss.Compute(z, y);
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Weights_scale_pixels_in_both_terms_and_ones_change_nothing()
    {
        using var z = tensor(new float[] { 0f, MathF.Log(3f) }, new long[] { 1, 1, 1, 2 });
        using var y = tensor(new float[] { 1f, 0f }, new long[] { 1, 1, 1, 2 });
        using var ones = ones_like(y);
        using var plain = SegmentationLoss.Compute(z, y);
        using var weighted1 = SegmentationLoss.Compute(z, y, ones);
        Assert.Equal(plain.item<float>(), weighted1.item<float>(), 6);

        // Weight 0 on the second pixel: BCE = ln 2 / 2 (mean over both pixels); Dice on pixel 1 only:
        // 1 - (2 * 0.5 + 1) / (0.5 + 1 + 1) = 1 - 2/2.5.
        using var w = tensor(new float[] { 1f, 0f }, new long[] { 1, 1, 1, 2 });
        using var weighted = SegmentationLoss.Compute(z, y, w);
        Assert.Equal(Math.Log(2) / 2 + (1 - 2 / 2.5), weighted.item<float>(), 5);
    }

    [Fact]
    public void Dice_term_is_averaged_per_image()
    {
        // Two images of one pixel each, both with p = 0.5: image 1 target 1 -> 1 - 2/2.5; image 2 target 0 -> 1 - 1/1.5.
        using var z = zeros(2, 1, 1, 1);
        using var y = tensor(new float[] { 1f, 0f }, new long[] { 2, 1, 1, 1 });
        double dice = ((1 - 2 / 2.5) + (1 - 1 / 1.5)) / 2;
        using var loss = SegmentationLoss.Compute(z, y);
        Assert.Equal(Math.Log(2) + dice, loss.item<float>(), 5);
    }
}

public class DihedralTests
{
    private static readonly int[] Square = [1, 2, 3, 4, 5, 6, 7, 8, 9]; // rows 1 2 3 / 4 5 6 / 7 8 9

    [Theory]
    [InlineData(0, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData(1, new[] { 3, 6, 9, 2, 5, 8, 1, 4, 7 })] // numpy.rot90(m, 1): counter-clockwise
    [InlineData(2, new[] { 9, 8, 7, 6, 5, 4, 3, 2, 1 })]
    [InlineData(3, new[] { 7, 4, 1, 8, 5, 2, 9, 6, 3 })]
    [InlineData(4, new[] { 3, 2, 1, 6, 5, 4, 9, 8, 7 })] // mirror left-right
    [InlineData(5, new[] { 1, 4, 7, 2, 5, 8, 3, 6, 9 })] // rot90(fliplr(m)) = transpose
    public void Matches_hand_worked_3x3_examples(int transform, int[] expected)
    {
        var dst = new int[9];
        Dihedral.Apply<int>(Square, dst, 3, transform);
        Assert.Equal(expected, dst);
    }

    [Fact]
    public void All_eight_transforms_differ_and_inverses_undo_them()
    {
        var seen = new HashSet<string>();
        for (int t = 0; t < Dihedral.Count; t++)
        {
            var a = new int[9];
            var back = new int[9];
            Dihedral.Apply<int>(Square, a, 3, t);
            Dihedral.Apply<int>(a, back, 3, Dihedral.Inverse(t));
            Assert.Equal(Square, back);
            Assert.True(seen.Add(string.Join(",", a)), $"transform {t} repeats another");
        }
    }

    [Fact]
    public void Draws_depend_only_on_seed_epoch_and_index_and_respect_the_options()
    {
        var all = new AugmentationOptions { IntensityJitter = 0.1 };
        Assert.Equal(AugmentationDraw.For(all, 3, 2, 17), AugmentationDraw.For(all, 3, 2, 17));
        var draws = Enumerable.Range(0, 400).Select(i => AugmentationDraw.For(all, 3, 2, i)).ToList();
        Assert.Equal(8, draws.Select(d => d.Transform).Distinct().Count());
        Assert.All(draws, d => Assert.InRange(d.Gain, 0.9f, 1.1f));
        Assert.All(draws, d => Assert.InRange(d.Offset, -0.1f, 0.1f));
        Assert.NotEqual(draws.Select(d => d.Transform), Enumerable.Range(0, 400).Select(i => AugmentationDraw.For(all, 3, 3, i).Transform));

        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(AugmentationDraw.Identity, AugmentationDraw.For(AugmentationOptions.None, 3, 2, i)));
        var flipsOnly = new AugmentationOptions { Rotations = false };
        Assert.All(Enumerable.Range(0, 50), i => Assert.Contains(AugmentationDraw.For(flipsOnly, 1, 1, i).Transform, new[] { 0, 4 }));
    }

    [Fact]
    public void Permutations_are_permutations_and_reproducible()
    {
        var p = new SeedSequence(42, 1, 2).Permutation(100);
        Assert.Equal(Enumerable.Range(0, 100), p.Order());
        Assert.Equal(p, new SeedSequence(42, 1, 2).Permutation(100));
        Assert.NotEqual(p, new SeedSequence(42, 1, 3).Permutation(100));
        Assert.NotEqual(Enumerable.Range(0, 100), p);
    }
}

public class DiceScoreTests
{
    [Fact]
    public void Is_twice_the_overlap_over_the_sizes_and_one_for_two_empty_masks()
    {
        float[] p = [0.9f, 0.6f, 0.4f, 0.1f], r = [1, 0, 1, 0];
        Assert.Equal(2.0 * 1 / (2 + 2), DiceScore.Of(p, r)); // predicted {0,1}, reference {0,2}
        Assert.Equal(1.0, DiceScore.Of(new float[] { 0.1f, 0.2f }, new float[] { 0, 0 }));
        Assert.Equal(0.0, DiceScore.Of(new float[] { 0.9f, 0.2f }, new float[] { 0, 0 }));
        Assert.Equal(2.0 * 1 / (1 + 2), DiceScore.Of(p, r, threshold: 0.7));
    }
}
