using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Relabeling;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Relabeling;

public class RelabelGuardTests
{
    private const int Size = 48;
    private static readonly Mask Clean = RandomMasks.Disc(Size, Size, 24, 24, 15);

    [Fact]
    public void Declines_on_a_mask_equal_to_the_prediction()
    {
        var p = RelabelMaps.Where(Clean, 0.9f, 0.1f);
        // The paper's rule on an uncertain ring along the outline would flip a band; the guard refuses.
        var ring = Outline.Of(Clean.Pixels, Size, Size);
        var u = RelabelMaps.Where(new Mask(Size, Size, ring), 0.24f, 0.01f);
        var outcome = Relabeler.Relabel(Clean.Pixels, p, u, Size, Size, RelabelSettings.Paper(0.2) with { Guard = new GuardSettings() });
        Assert.True(outcome.Declined);
        Assert.StartsWith("model agrees with the label: Dice 1.0000", outcome.Reason);
        Assert.Equal(Clean.ToArray(), outcome.Mask);
        Assert.Equal((0, 0), (outcome.ToForeground, outcome.ToBackground));
        Assert.Equal(RelabelMaps.Count(ring), outcome.Flipped);
        Assert.Equal(1.0, outcome.Guard!.Dice);
    }

    [Fact]
    public void Declines_a_thin_band_along_the_whole_outline_and_accepts_a_thick_region()
    {
        var p = RelabelMaps.Where(Clean, 0.9f, 0.1f);
        var noAgreement = new GuardSettings(AgreementDice: null, MinFlipShare: null, MaxOutlineShare: null);
        // Label one pixel too big all around: the flips are a 1-pixel band.
        var grown = DiskMorphology.Dilate(Clean, 1);
        var band = RelabelMaps.Xor(grown.Pixels, Clean.Pixels);
        var thin = RelabelGuard.Decide(grown.Pixels, p, band, Size, Size, noAgreement);
        Assert.True(thin.Declined);
        Assert.StartsWith("flips are a thin band", thin.Reason);
        Assert.Equal(1.0, thin.Measures.Thickness);
        // The same band judged by the outline share alone.
        var outlineOnly = RelabelGuard.Decide(grown.Pixels, p, band, Size, Size, new GuardSettings(null, null, null));
        Assert.True(outlineOnly.Declined);
        Assert.StartsWith("flips hug the outline", outlineOnly.Reason);
        Assert.Equal(1.0, outlineOnly.Measures.OutlineShare);

        // Label missing a thick cap: the flips are a region, the guard lets them through.
        var label = Mask.FromFunction(Size, Size, (x, y) => Clean[x, y] && x <= 30);
        var cap = RelabelMaps.Xor(label.Pixels, Clean.Pixels);
        var thick = RelabelGuard.Decide(label.Pixels, p, cap, Size, Size, new GuardSettings());
        Assert.False(thick.Declined, thick.Reason);
        Assert.Equal("", thick.Reason);
        Assert.True(thick.Measures.Thickness > 2);
        Assert.True(thick.Measures.OutlineShare < 0.8);
    }

    [Fact]
    public void Declines_too_few_flips_and_empty_flip_sets()
    {
        var p = RelabelMaps.Where(Clean, 0.9f, 0.1f);
        var label = Mask.FromFunction(Size, Size, (x, y) => Clean[x, y] && x <= 30);
        var one = new byte[Clean.Length];
        one[24 * Size + 35] = 1;
        var few = RelabelGuard.Decide(label.Pixels, p, one, Size, Size, new GuardSettings(AgreementDice: null));
        Assert.True(few.Declined);
        Assert.StartsWith("too few flips", few.Reason);
        var none = RelabelGuard.Decide(label.Pixels, p, new byte[Clean.Length], Size, Size, new GuardSettings());
        Assert.Equal((true, "no pixel to flip"), (none.Declined, none.Reason));
    }

    [Fact]
    public void Declines_flips_that_would_erase_most_of_the_label_and_accepts_removing_less()
    {
        // The model sees nothing: its flips would remove the whole disc.
        var nothing = RelabelGuard.Decide(Clean.Pixels, new float[Clean.Length], Clean.ToArray(), Size, Size, new GuardSettings(AgreementDice: null));
        Assert.True(nothing.Declined);
        Assert.StartsWith("would erase the label: keeps 0.000", nothing.Reason);
        Assert.Equal(0.0, nothing.Measures.KeptShare);
        // Removing the right 40 % of the disc keeps 60 %: allowed at the default 0.5, declined at 0.7.
        var right = Mask.FromFunction(Size, Size, (x, y) => Clean[x, y] && x > 26);
        double expected = 1 - (double)right.CountForeground() / Clean.CountForeground();
        var p = RelabelMaps.Where(Mask.FromFunction(Size, Size, (x, y) => Clean[x, y] && x <= 26), 0.9f, 0.1f);
        var part = RelabelGuard.Decide(Clean.Pixels, p, right.ToArray(), Size, Size, new GuardSettings(AgreementDice: null, ThinRadius: null, MaxOutlineShare: null));
        Assert.False(part.Declined, part.Reason);
        Assert.Equal(expected, part.Measures.KeptShare, 12);
        Assert.InRange(expected, 0.5, 0.7);
        Assert.True(RelabelGuard.Decide(Clean.Pixels, p, right.ToArray(), Size, Size,
            new GuardSettings(AgreementDice: null, ThinRadius: null, MaxOutlineShare: null, MinKeptShare: 0.7)).Declined);
        // Adding foreground never counts against the label: an empty label keeps "all" of nothing.
        Assert.Equal(1.0, RelabelGuard.Decide(new byte[Clean.Length], RelabelMaps.Where(Clean, 0.9f, 0.1f), Clean.ToArray(), Size, Size, new GuardSettings()).Measures.KeptShare);
    }

    [Fact]
    public void Declines_a_prediction_that_marks_the_whole_image()
    {
        var label = MaskText.Parse(
            "......",
            ".11...",
            ".11...",
            "......");
        var settings = new GuardSettings(AgreementDice: null, MinFlipShare: null, ThinRadius: null, MaxOutlineShare: null, MinKeptShare: null);
        var all = MaskText.Parse("111111", "111111", "111111", "111111");
        var empty = MaskText.Parse("......", "......", "......", "......");
        // Whatever the label, an empty one included (an empty slice of a volume that a new model floods).
        Assert.Equal((true, "model is uninformative: it marks the whole image"), (Decide(label, all, settings).Declined, Decide(label, all, settings).Reason));
        Assert.Equal("model is uninformative: it marks the whole image", Decide(empty, all, settings with { KeepEmpty = false }).Reason);
        // One pixel left unmarked is a prediction, however poor: not this test's business.
        var allButOne = MaskText.Parse("11111.", "111111", "111111", "111111");
        Assert.False(Decide(label, allButOne, settings).Declined);
        Assert.False(Decide(empty, MaskText.Parse("......", "......", "......", "....11"), settings with { KeepEmpty = false }).Declined);
        // Switched off, the flood goes through.
        Assert.False(Decide(label, all, settings with { Uninformative = false }).Declined);
    }

    [Fact]
    public void Keeps_an_empty_label_empty_unless_told_otherwise()
    {
        var empty = MaskText.Parse("......", "......", "......", "......");
        var blob = MaskText.Parse("......", ".11...", ".11...", "......");
        var settings = new GuardSettings(AgreementDice: null, MinFlipShare: null, ThinRadius: null, MaxOutlineShare: null, MinKeptShare: null);
        var kept = Decide(empty, blob, settings);
        Assert.Equal((true, "the label marks nothing: kept empty"), (kept.Declined, kept.Reason));
        Assert.False(Decide(empty, blob, settings with { KeepEmpty = false }).Declined);
        // A label with one pixel is not empty.
        Assert.False(Decide(MaskText.Parse("......", "......", "..1...", "......"), blob, settings).Declined);
    }

    /// <summary>The guard on flips F = y XOR ŷ for a 0/1 prediction <paramref name="prediction"/>.</summary>
    private static GuardDecision Decide(Mask label, Mask prediction, GuardSettings settings) =>
        RelabelGuard.Decide(label.Pixels, RelabelMaps.Where(prediction, 1f, 0f), RelabelMaps.Xor(label.Pixels, prediction.Pixels),
            label.Width, label.Height, settings);

    [Fact]
    public void Measures_are_hand_computable_on_a_small_case()
    {
        // Label: a 2x2 square; prediction: a 2x3 rectangle containing it; flips: the extra column.
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
        var flips = RelabelMaps.Xor(label.Pixels, pred.Pixels);
        var m = RelabelGuard.Decide(label.Pixels, RelabelMaps.Where(pred, 1f, 0f), flips, 6, 4,
            new GuardSettings(null, null, null, 1.0, null, 1)).Measures;
        Assert.Equal(2.0 * 4 / (4 + 6), m.Dice, 12);
        Assert.Equal(2.0 / 6, m.FlipShare, 12);
        Assert.Equal(1.0, m.Thickness);      // every flip pixel touches a non-flip pixel
        Assert.Equal(1.0, m.OutlineShare);   // the flipped column is the outer outline of the label
    }

    [Fact]
    public void Thickness_counts_the_image_border_as_flip()
    {
        // A 3-pixel wide strip along the left border: radii 1, 2, 3 from the inner edge; the border does not thin it.
        var flips = Mask.FromFunction(10, 10, (x, y) => x < 3).ToArray();
        Assert.Equal(3.0, RelabelGuard.Thickness(flips, 10, 10, 1.0));
        Assert.Equal(1.0, RelabelGuard.Thickness(flips, 10, 10, 0.3));
        Assert.Equal(double.PositiveInfinity, RelabelGuard.Thickness(Mask.Full(4, 4).ToArray(), 4, 4, 1.0));
    }
}
