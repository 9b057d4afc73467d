using Remask.Core.Relabeling;

namespace Remask.Core.Tests.Relabeling;

/// <summary>The region policy's growth from the background floor (<see cref="RelabelSettings.FloorMargin"/>).</summary>
public class FloorGrowthTests
{
    private const int Size = 32;

    /// <summary>
    /// 32 x 32. The label is the square x, y in [10, 17]; the object runs on to x = 25. The model is sure of the label
    /// (0.9), sure enough of the next strip x in [18, 21] (0.6), hedges on the last strip x in [22, 25] (0.35), and shows
    /// a floor of 0.2 elsewhere, except for a faint blob (0.35) at x in [1, 5], y in [24, 29] that touches nothing.
    /// </summary>
    private static (byte[] Label, float[] P) Scene(float sureStrip = 0.6f)
    {
        var label = new byte[Size * Size];
        var p = new float[Size * Size];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                int i = y * Size + x;
                bool rows = y >= 10 && y <= 17;
                if (rows && x >= 10 && x <= 17) { label[i] = 1; p[i] = 0.9f; }
                else if (rows && x >= 18 && x <= 21) p[i] = sureStrip;
                else if (rows && x >= 22 && x <= 25) p[i] = 0.35f;
                else if (x >= 1 && x <= 5 && y >= 24 && y <= 29) p[i] = 0.35f;
                else p[i] = 0.2f;
            }
        return (label, p);
    }

    private static RelabelSettings Region(double? floor, double evidence = 0.1) =>
        new(FlipPolicy.Region, Margin: 0, OpeningRadius: 1, FillHoles: false, FloorMargin: floor, FloorEvidence: evidence);

    private static int[] Columns(byte[] mask, int row) => Enumerable.Range(0, Size).Where(x => mask[row * Size + x] != 0).ToArray();

    [Fact]
    public void Without_the_floor_the_label_grows_only_where_p_is_at_least_one_half()
    {
        var (label, p) = Scene();
        var outcome = Relabeler.Relabel(label, p, new float[p.Length], Size, Size, Region(null));
        Assert.Equal(Enumerable.Range(10, 12), Columns(outcome.Mask, 13));
        Assert.Null(outcome.GrowAt);
    }

    [Fact]
    public void With_the_floor_the_label_grows_over_the_hedged_strip_that_touches_it_but_not_over_the_loose_blob()
    {
        var (label, p) = Scene();
        var outcome = Relabeler.Relabel(label, p, new float[p.Length], Size, Size, Region(0.05));
        Assert.Equal(0.25, outcome.GrowAt!.Value, 5);
        Assert.Equal(Enumerable.Range(10, 16), Columns(outcome.Mask, 13));
        // The 8 x 8 grown block less its four corners, which the opening with the radius-1 disk (a plus) rounds off.
        Assert.Equal(16 * 8 - 64 - 4, outcome.ToForeground);
        Assert.Equal(0, outcome.Mask[26 * Size + 3]);
    }

    [Fact]
    public void A_margin_that_puts_the_threshold_above_the_hedged_strip_grows_no_further_than_the_plain_rule()
    {
        var (label, p) = Scene();
        var outcome = Relabeler.Relabel(label, p, new float[p.Length], Size, Size, Region(0.2));
        Assert.Equal(0.4, outcome.GrowAt!.Value, 5);
        Assert.Equal(Enumerable.Range(10, 12), Columns(outcome.Mask, 13));
    }

    [Fact]
    public void Without_enough_sure_growth_in_the_image_the_floor_grows_nothing()
    {
        // The sure strip adds 32 pixels, half the label's 64: evidence 0.6 asks for 38.4.
        var (label, p) = Scene();
        var outcome = Relabeler.Relabel(label, p, new float[p.Length], Size, Size, Region(0.05, evidence: 0.6));
        Assert.Equal(Enumerable.Range(10, 12), Columns(outcome.Mask, 13));
        // No sure growth at all (the strip hedges too): nothing grows, whatever the evidence share.
        var (label2, p2) = Scene(sureStrip: 0.35f);
        var none = Relabeler.Relabel(label2, p2, new float[p2.Length], Size, Size, Region(0.05, evidence: 0) with { Guard = null });
        Assert.Equal(0, none.ToForeground);
    }

    /// <summary>
    /// 48 x 48: a liver-like label [21, 26]^2 at p = 0.9, a sure strip x in [27, 29] beside it at 0.6 (half the label's
    /// area, so the floor may grow), a "body" disk of radius <paramref name="body"/> around them at 0.46, air at 0.30.
    /// </summary>
    private static (byte[] Label, float[] P) Body(double body)
    {
        const int n = 48;
        var label = new byte[n * n];
        var p = new float[n * n];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                int i = y * n + x;
                bool rows = y >= 21 && y <= 26;
                if (rows && x >= 21 && x <= 26) { label[i] = 1; p[i] = 0.9f; }
                else if (rows && x >= 27 && x <= 29) p[i] = 0.6f;
                else p[i] = Math.Pow(x - 23.5, 2) + Math.Pow(y - 23.5, 2) <= body * body ? 0.46f : 0.30f;
            }
        return (label, p);
    }

    [Fact]
    public void A_hedged_structure_much_larger_than_the_object_is_not_grown_into()
    {
        // Body of radius 18: the floor (the air, the far majority) is 0.30, t = 0.38, and the body above it touches the
        // label, but most of it lies far from the label and the prediction (Reach ≫ 1): only the plain rule applies.
        const int n = 48;
        var (label, p) = Body(18);
        var settings = Region(0.08) with { Guard = null };
        Assert.Equal(0.38, BackgroundFloor.GrowThreshold(label, p, n, n, 4, 0.08), 5);
        Assert.Equal(0.5f, FlipSet.GrowThreshold(settings, label, p, n, n));
        var outcome = Relabeler.Relabel(label, p, new float[p.Length], n, n, settings);
        Assert.Equal(0.5, outcome.GrowAt!.Value, 6);
        // The outcome says why: the reach it measured is above 1 (the table's floor_reach column).
        Assert.True(outcome.FloorReach > BackgroundFloor.MaxReach, $"reach {outcome.FloorReach}");
        Assert.Equal(0, outcome.Mask[23 * n + 10]);                 // the body stays background
        Assert.Equal(1, outcome.Mask[23 * n + 28]);                 // the sure strip is added
        Assert.Equal(18 - 4, outcome.ToForeground);                 // the strip, its corners opened off
        // The same as a committee's map: it votes with the plain threshold too.
        Assert.Equal(0.5f, FlipSet.CommitteeGrowThreshold(settings, label, p, n, n));
    }

    [Fact]
    public void A_hedged_fringe_next_to_the_object_is_grown_into()
    {
        // Body of radius 8: a fringe hardly farther than R from the label and the strip: the floor grows it.
        const int n = 48;
        var (label, p) = Body(8);
        var settings = Region(0.08) with { Guard = null };
        var outcome = Relabeler.Relabel(label, p, new float[p.Length], n, n, settings);
        Assert.Equal(0.38, outcome.GrowAt!.Value, 5);
        Assert.InRange(outcome.FloorReach!.Value, 0, BackgroundFloor.MaxReach);
        // Without the floor, or with a margin that puts its threshold above the plain one, nothing is measured.
        Assert.Null(Relabeler.Relabel(label, p, new float[p.Length], n, n, settings with { FloorMargin = null }).FloorReach);
        Assert.Null(Relabeler.Relabel(label, p, new float[p.Length], n, n, settings with { FloorMargin = 0.3 }).FloorReach);
        Assert.Equal(1, outcome.Mask[23 * n + 17]);
        Assert.True(outcome.ToForeground > 100);
    }

    [Fact]
    public void The_flips_reuse_the_growth_the_threshold_computed_and_get_the_same_set()
    {
        foreach (var (label, p, n) in new[] { Add(Scene(), Size), Add(Body(8), 48), Add(Body(18), 48) })
        {
            var settings = Region(0.08) with { Guard = null };
            var (grow, growth, _) = FlipSet.FloorThreshold(settings, label, p, n, n);
            Assert.Equal(FlipSet.GrowThreshold(settings, label, p, n, n), grow);
            var u = new float[p.Length];
            Assert.Equal(FlipSet.Compute(label, p, u, n, n, settings, null, grow), FlipSet.Compute(label, p, u, n, n, settings, null, grow, growth, out _));
            Assert.Equal(FlipSet.Compute(label, p, u, n, n, settings, null), FlipSet.Compute(label, p, u, n, n, settings, null, grow, growth, out _));
        }
        static (byte[], float[], int) Add((byte[] Label, float[] P) scene, int n) => (scene.Label, scene.P, n);
    }

    [Fact]
    public void The_guard_compares_the_label_with_the_prediction_grown_from_the_floor()
    {
        // Against [p ≥ 0.5] the label agrees to Dice 2·64/(64 + 96) = 0.8. Against the prediction grown from t = 0.25
        // (128 pixels of the object plus the 30 of the loose blob, which ŷ holds although the flips leave it), 2·64/(64 + 158).
        var (label, p) = Scene();
        var guard = new GuardSettings(AgreementDice: 0.99, MinFlipShare: null, ThinRadius: null, MaxOutlineShare: null, MinKeptShare: null);
        var plain = Relabeler.Relabel(label, p, new float[p.Length], Size, Size, Region(null) with { Guard = guard });
        var floored = Relabeler.Relabel(label, p, new float[p.Length], Size, Size, Region(0.05) with { Guard = guard });
        Assert.Equal(0.8, plain.Guard!.Dice, 6);
        Assert.Equal(2.0 * 64 / (64 + 158), floored.Guard!.Dice, 6);
    }

    [Fact]
    public void A_committee_votes_with_its_floor_only_where_its_own_plain_rule_finds_the_label_too_small()
    {
        // As a committee map, the scene's sure strip (0.6) adds half the label: it votes with its floor's t = 0.2 + 0.05.
        var (label, sure) = Scene();
        Assert.Equal(0.25f, FlipSet.CommitteeGrowThreshold(Region(0.05), label, sure, Size, Size), 5);
        // A committee that hedges on the strip (0.35) but grows nothing at 0.5 votes as the plain rule does.
        var (_, hedged) = Scene(sureStrip: 0.35f);
        Assert.Equal(0.5f, FlipSet.CommitteeGrowThreshold(Region(0.05), label, hedged, Size, Size));
        // Without the floor, always 0.5 + margin.
        Assert.Equal(0.5f, FlipSet.CommitteeGrowThreshold(Region(null), label, sure, Size, Size));
    }

    [Fact]
    public void The_floor_applies_to_the_region_policy_only_and_its_settings_are_checked()
    {
        Assert.Throws<RemaskUsageException>(() => new RelabelSettings(FlipPolicy.Paper, 0.1, FloorMargin: 0.05).Validate());
        Assert.Throws<RemaskUsageException>(() => Region(0.6).Validate());
        Assert.Throws<RemaskUsageException>(() => Region(-0.1).Validate());
        Assert.Throws<RemaskUsageException>(() => (Region(0.05) with { FloorRadius = -1 }).Validate());
        Assert.Throws<RemaskUsageException>(() => Region(0.05, evidence: -1).Validate());
    }
}
