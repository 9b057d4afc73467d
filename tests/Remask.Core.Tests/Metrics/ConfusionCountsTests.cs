using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Metrics;

public class ConfusionCountsTests
{
    [Fact]
    public void Overlap_scores_of_a_hand_made_pair()
    {
        var prediction = MaskText.Parse("111.", "....");
        var reference = MaskText.Parse(".111", "....");
        var c = ConfusionCounts.Of(prediction, reference);
        Assert.Equal(new ConfusionCounts(2, 1, 1, 4), c);
        Assert.Equal(4.0 / 6, c.Dice, 12);
        Assert.Equal(0.5, c.IoU, 12);
        Assert.Equal(2.0 / 3, c.Precision, 12);
        Assert.Equal(2.0 / 3, c.Recall, 12);
        Assert.Equal(c.Dice, c.F1);
    }

    [Fact]
    public void Two_empty_masks_score_1()
    {
        var c = ConfusionCounts.Of(Mask.Empty(5, 3), Mask.Empty(5, 3));
        Assert.Equal([1.0, 1.0, 1.0, 1.0, 1.0], new[] { c.Dice, c.IoU, c.Precision, c.Recall, c.F1 });
    }

    [Fact]
    public void Empty_against_full_scores_0_either_way()
    {
        foreach (var (p, r) in new[] { (Mask.Empty(5, 3), Mask.Full(5, 3)), (Mask.Full(5, 3), Mask.Empty(5, 3)) })
        {
            var c = ConfusionCounts.Of(p, r);
            Assert.Equal([0.0, 0.0, 0.0, 0.0], new[] { c.Dice, c.IoU, c.Precision, c.Recall });
        }
    }

    [Fact]
    public void Packed_counting_agrees_with_pixel_by_pixel_counting()
    {
        var random = new Random(17);
        for (int n = 0; n < 60; n++)
        {
            int w = 1 + random.Next(37), h = 1 + random.Next(11);   // lengths that are not multiples of 8
            var p = RandomMasks.Salt(random, w, h, random.NextDouble());
            var r = RandomMasks.Salt(random, w, h, random.NextDouble());
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (int i = 0; i < p.Length; i++)
            {
                bool a = p.Pixels[i] == 1, b = r.Pixels[i] == 1;
                if (a && b) tp++; else if (a) fp++; else if (b) fn++; else tn++;
            }
            Assert.Equal(new ConfusionCounts(tp, fp, fn, tn), ConfusionCounts.Of(p, r));
        }
    }

    [Fact]
    public void Different_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ConfusionCounts.Of(Mask.Empty(2, 3), Mask.Empty(3, 2)));
    }
}
