using Remask.Core.Imaging;
using Remask.Core.Relabeling;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Relabeling;

public class LabelQualityTests
{
    [Fact]
    public void Parts_and_score_are_hand_computed()
    {
        // Label: 2x2 square; prediction: the 2x3 rectangle around it (Dice 0.8); U = 0.2 on the outline's left half, 0 elsewhere.
        var label = MaskText.Parse(
            "......",
            ".11...",
            ".11...",
            "......");
        var pred = MaskText.Parse(
            "......",
            ".111..",
            ".111..",
            "......");
        var outline = Outline.Of(label.Pixels, 6, 4);
        var u = new float[24];
        for (int i = 0; i < u.Length; i++) if (outline[i] != 0 && i % 6 < 2) u[i] = 0.2f;
        int outlinePixels = RelabelMaps.Count(outline);
        int uncertainOutline = Enumerable.Range(0, 24).Count(i => outline[i] != 0 && i % 6 < 2);
        double meanU = 0.2f * uncertainOutline / (double)outlinePixels;

        var q = LabelQuality.Of(label.Pixels, RelabelMaps.Where(pred, 0.9f, 0.1f), u, 6, 4, flipped: 2);
        Assert.Equal(meanU, q.OutlineUncertainty, 6);
        Assert.Equal(2.0 / 6, q.FlipShare, 12);
        Assert.Equal(0.8, q.Dice, 12);
        Assert.Equal((meanU / 0.25 + 2.0 / 6 + 0.2) / 3, q.Score, 6);

        // Weights: only the Dice part.
        var diceOnly = LabelQuality.Of(label.Pixels, RelabelMaps.Where(pred, 0.9f, 0.1f), u, 6, 4, 2, new LabelQualityWeights(0, 0, 1));
        Assert.Equal(0.2, diceOnly.Score, 12);
    }

    [Fact]
    public void A_label_equal_to_a_confident_prediction_scores_zero_and_parts_are_capped_at_one()
    {
        var disc = RandomMasks.Disc(20, 20, 10, 10, 6);
        var good = LabelQuality.Of(disc.Pixels, RelabelMaps.Where(disc, 1f, 0f), new float[400], 20, 20, 0);
        Assert.Equal(new LabelQualityScore(0, 0, 1, 0), good);
        // Empty prediction, maximal outline uncertainty, every pixel flipped: every part is 1.
        var bad = LabelQuality.Of(disc.Pixels, new float[400], RelabelMaps.Constant(400, 0.25f), 20, 20, 400);
        Assert.Equal(1.0, bad.Score, 12);
        Assert.True(bad.FlipShare > 1);
    }

    [Fact]
    public void Ranking_is_worst_first_then_by_name()
    {
        var rows = new[]
        {
            ("b", new LabelQualityScore(0, 0, 1, 0.2)),
            ("a", new LabelQualityScore(0, 0, 1, 0.2)),
            ("c", new LabelQualityScore(0, 0, 1, 0.9)),
            ("d", new LabelQualityScore(0, 0, 1, 0.0)),
        };
        Assert.Equal(["c", "a", "b", "d"], LabelQuality.RankWorstFirst(rows).Select(r => r.Name));
    }

    [Fact]
    public void Bad_input_throws()
    {
        var m = RelabelMaps.Constant(4, 0.1f);
        Assert.Throws<ArgumentException>(() => LabelQuality.Of([0, 1, 0, 1], m, [0.1f, float.NaN, 0, 0], 2, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelQuality.Of([0, 1, 0, 1], m, m, 2, 2, 5));
        Assert.Throws<RemaskUsageException>(() => LabelQuality.Of([0, 1, 0, 1], m, m, 2, 2, 0, new LabelQualityWeights(0, 0, 0)));
    }
}
