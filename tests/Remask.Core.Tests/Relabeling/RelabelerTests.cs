using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Relabeling;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Relabeling;

public class RelabelerTests
{
    private static readonly FlipPolicy[] DeltaPolicies = [FlipPolicy.Paper, FlipPolicy.MeanPrediction, FlipPolicy.Band];

    [Fact]
    public void Delta_above_every_value_changes_nothing()
    {
        var random = new Random(1);
        foreach (var label in RandomMasks.Many(11, 30))
        {
            var u = RelabelMaps.Random(random, label.Length, 0, 0.25f);
            var p = RelabelMaps.Random(random, label.Length, 0, 1);
            double delta = u.Max();   // U > δ holds nowhere
            foreach (var policy in DeltaPolicies.Append(FlipPolicy.ConfidentDisagree).Append(FlipPolicy.Region))
            {
                var settings = new RelabelSettings(policy, delta, FillHoles: false, Margin: 0);
                var outcome = Relabeler.Relabel(label.Pixels, p, u, label.Width, label.Height, settings);
                Assert.Equal(label.ToArray(), outcome.Mask);
                Assert.Equal((0, 0, 0), (outcome.ToForeground, outcome.ToBackground, outcome.Flipped));
            }
        }
    }

    [Fact]
    public void Delta_below_every_value_flips_everything_before_hole_filling()
    {
        var random = new Random(2);
        foreach (var label in RandomMasks.Many(12, 30))
        {
            var u = RelabelMaps.Random(random, label.Length, 0.01f, 0.25f);
            var p = RelabelMaps.Random(random, label.Length, 0, 1);
            var outcome = Relabeler.Relabel(label.Pixels, p, u, label.Width, label.Height, new RelabelSettings(FlipPolicy.Paper, 0.005, FillHoles: false));
            for (int i = 0; i < label.Length; i++) Assert.Equal(1 - label.Pixels[i], outcome.Mask[i]);
            Assert.Equal(label.Length - label.CountForeground(), outcome.ToForeground);
            Assert.Equal(label.CountForeground(), outcome.ToBackground);
            Assert.Equal(label.Length, outcome.Flipped);
        }
    }

    [Fact]
    public void The_paper_rule_is_label_xor_uncertain_then_hole_filling()
    {
        var random = new Random(3);
        foreach (var label in RandomMasks.Many(13, 40))
        {
            var u = RelabelMaps.Random(random, label.Length, 0, 0.25f);
            var p = RelabelMaps.Random(random, label.Length, 0, 1);
            const double delta = 0.2;
            var xor = new byte[label.Length];
            for (int i = 0; i < xor.Length; i++) xor[i] = (byte)(label.Pixels[i] ^ (u[i] > delta ? 1 : 0));
            var expected = HoleFilling.Fill(new Mask(label.Width, label.Height, xor));
            var outcome = Relabeler.Relabel(label.Pixels, p, u, label.Width, label.Height, RelabelSettings.Paper(delta));
            MaskText.AssertEqual(expected, new Mask(label.Width, label.Height, outcome.Mask));
            Assert.Equal(expected.CountForeground() - RelabelMaps.Count(xor), outcome.Filled);
            Assert.Equal(outcome.Mask, Relabeler.Relabel(label, p, u, RelabelSettings.Paper(delta)).Mask);
        }
    }

    [Fact]
    public void Holes_are_filled_after_the_flips()
    {
        // Empty label; the uncertain pixels form a ring: the flips draw the ring, hole filling makes it a disc.
        var disc = RandomMasks.Disc(21, 21, 10, 10, 8);
        var inner = RandomMasks.Disc(21, 21, 10, 10, 5);
        var ring = new byte[disc.Length];
        for (int i = 0; i < ring.Length; i++) ring[i] = (byte)(disc.Pixels[i] & (1 - inner.Pixels[i]));
        var u = RelabelMaps.Where(new Mask(21, 21, ring), 0.24f, 0.01f);
        var label = new byte[disc.Length];
        var p = RelabelMaps.Constant(disc.Length, 0.5f);

        var unfilled = Relabeler.Relabel(label, p, u, 21, 21, new RelabelSettings(FlipPolicy.Paper, 0.1, FillHoles: false));
        Assert.Equal(ring, unfilled.Mask);
        var outcome = Relabeler.Relabel(label, p, u, 21, 21, RelabelSettings.Paper(0.1));
        MaskText.AssertEqual(disc, new Mask(21, 21, outcome.Mask));
        Assert.Equal(RelabelMaps.Count(ring), outcome.Flipped);
        Assert.Equal(inner.CountForeground(), outcome.Filled);
        Assert.Equal((disc.CountForeground(), 0), (outcome.ToForeground, outcome.ToBackground));
    }

    [Fact]
    public void Mean_prediction_takes_the_prediction_where_uncertain_only()
    {
        byte[] label = [1, 1, 0, 0, 1, 0];
        float[] p = [0.9f, 0.2f, 0.8f, 0.1f, 0.3f, 0.6f];
        float[] u = [0.2f, 0.2f, 0.2f, 0.2f, 0.05f, 0.05f];
        var outcome = Relabeler.Relabel(label, p, u, 6, 1, new RelabelSettings(FlipPolicy.MeanPrediction, 0.1, FillHoles: false));
        // Uncertain pixels 0-3 take [p ≥ 0.5] = 1, 0, 1, 0; pixels 4-5 keep their labels.
        Assert.Equal(new byte[] { 1, 0, 1, 0, 1, 0 }, outcome.Mask);
        Assert.Equal((1, 1, 2), (outcome.ToForeground, outcome.ToBackground, outcome.Flipped));
    }

    [Fact]
    public void Confident_disagree_flips_where_the_prediction_is_confidently_on_the_other_side()
    {
        byte[] label = [0, 0, 0, 1, 1, 1, 0];
        float[] p = [0.69f, 0.7f, 0.95f, 0.31f, 0.3f, 0.5f, 0.9f];
        float[] u = [0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.01f];
        var noDelta = Relabeler.Relabel(label, p, u, 7, 1, new RelabelSettings(FlipPolicy.ConfidentDisagree, Margin: 0.2, FillHoles: false));
        // |p − y| ≥ 0.7: pixels 1, 2, 4 and 6.
        Assert.Equal(new byte[] { 0, 1, 1, 1, 0, 1, 1 }, noDelta.Mask);
        Assert.Null(noDelta.Delta);
        var withDelta = Relabeler.Relabel(label, p, u, 7, 1, new RelabelSettings(FlipPolicy.ConfidentDisagree, 0.1, Margin: 0.2, FillHoles: false));
        // U > 0.1 also required: pixel 6 stays.
        Assert.Equal(new byte[] { 0, 1, 1, 1, 0, 1, 0 }, withDelta.Mask);
    }

    [Fact]
    public void Band_flips_only_within_the_radius_of_the_outline()
    {
        var random = new Random(4);
        foreach (var label in RandomMasks.Many(14, 30))
        {
            var u = RelabelMaps.Constant(label.Length, 0.2f);
            var p = RelabelMaps.Random(random, label.Length, 0, 1);
            foreach (int r in new[] { 0, 1, 3 })
            {
                var outcome = Relabeler.Relabel(label.Pixels, p, u, label.Width, label.Height,
                    new RelabelSettings(FlipPolicy.Band, 0.1, BandRadius: r, FillHoles: false));
                byte[] outline = Outline.Of(label.Pixels, label.Width, label.Height);
                for (int y = 0; y < label.Height; y++)
                    for (int x = 0; x < label.Width; x++)
                    {
                        bool near = false;
                        for (int yy = 0; yy < label.Height && !near; yy++)
                            for (int xx = 0; xx < label.Width && !near; xx++)
                                near = outline[yy * label.Width + xx] != 0 && (xx - x) * (xx - x) + (yy - y) * (yy - y) <= r * r;
                        int i = y * label.Width + x;
                        Assert.Equal(near ? 1 - label.Pixels[i] : label.Pixels[i], outcome.Mask[i]);
                    }
            }
        }
    }

    [Fact]
    public void Region_drops_a_one_pixel_sliver_along_a_correct_outline_but_flips_a_thick_missing_cap()
    {
        const int size = 48;
        var clean = RandomMasks.Disc(size, size, 24, 24, 15);
        // Noisy label: the clean disc, one pixel too big on the left half (a sliver), and missing its right cap (x > 30).
        var grown = DiskMorphology.Dilate(clean, 1);
        var label = Mask.FromFunction(size, size, (x, y) => x < 24 ? grown[x, y] : clean[x, y] && x <= 30);
        var p = RelabelMaps.Where(clean, 0.95f, 0.05f);
        var u = RelabelMaps.Constant(clean.Length, 0.1f);
        var sliver = Mask.FromFunction(size, size, (x, y) => x < 24 && grown[x, y] && !clean[x, y]);
        var cap = Mask.FromFunction(size, size, (x, y) => clean[x, y] && x > 30);

        var region = Relabeler.Relabel(label.Pixels, p, u, size, size,
            new RelabelSettings(FlipPolicy.Region, Margin: 0.2, OpeningRadius: 2, FillHoles: false));
        var result = new Mask(size, size, region.Mask);
        Assert.Equal(0, region.ToBackground);   // no sliver pixel flipped
        for (int i = 0; i < sliver.Length; i++) if (sliver.Pixels[i] == 1) Assert.Equal(1, region.Mask[i]);
        int capFlipped = 0;
        for (int i = 0; i < cap.Length; i++) capFlipped += cap.Pixels[i] & region.Mask[i];
        Assert.True(capFlipped >= 0.9 * cap.CountForeground(), $"{capFlipped} of {cap.CountForeground()} cap pixels flipped");
        Assert.True(result.CountForeground() > label.CountForeground());

        // Without the opening the same disagreement set also removes the sliver.
        var raw = Relabeler.Relabel(label.Pixels, p, u, size, size, new RelabelSettings(FlipPolicy.Region, Margin: 0.2, OpeningRadius: 0, FillHoles: false));
        Assert.Equal(sliver.CountForeground(), raw.ToBackground);
        Assert.Equal(cap.CountForeground(), raw.ToForeground);
    }

    [Fact]
    public void Min_component_drops_small_flip_components()
    {
        var uncertain = MaskText.Parse(
            "1.........",
            "..........",
            "...11.....",
            "...11.....",
            "..........",
            "......1111",
            "......1111",
            "......1111");
        var u = RelabelMaps.Where(uncertain, 0.2f, 0f);
        var label = new byte[uncertain.Length];
        var p = RelabelMaps.Constant(label.Length, 0.5f);
        foreach (var (min, expected) in new[] { (0, 17), (2, 16), (4, 16), (5, 12), (13, 0) })
        {
            var outcome = Relabeler.Relabel(label, p, u, 10, 8, new RelabelSettings(FlipPolicy.Paper, 0.1, MinComponent: min, FillHoles: false));
            Assert.Equal(expected, outcome.Flipped);
            Assert.Equal(expected, outcome.ToForeground);
        }
        // Corners touch: 8-connected, the diagonal pair is one component of 2.
        var diagonal = MaskText.Parse("1..", ".1.", "...").ToArray();
        FlipSet.DropSmallComponents(diagonal, 3, 3, 2);
        Assert.Equal(2, RelabelMaps.Count(diagonal));
    }

    [Fact]
    public void Automatic_delta_is_chosen_per_image_when_not_given_and_reported()
    {
        // Bimodal uncertainty: 0.02 on most pixels, 0.2 on a block; Otsu falls between.
        var block = Mask.FromFunction(16, 16, (x, y) => x >= 4 && x < 8 && y >= 4 && y < 8);
        var u = RelabelMaps.Where(block, 0.2f, 0.02f);
        var outcome = Relabeler.Relabel(new byte[256], RelabelMaps.Constant(256, 0.5f), u, 16, 16, new RelabelSettings(FillHoles: false));
        Assert.NotNull(outcome.Delta);
        Assert.InRange(outcome.Delta!.Value, 0.02, 0.2);
        Assert.Equal(16, outcome.Flipped);
        Assert.Null(outcome.Warning);
    }

    [Fact]
    public void A_delta_at_or_above_the_aleatoric_ceiling_warns()
    {
        var outcome = Relabeler.Relabel(new byte[4], RelabelMaps.Constant(4, 0.5f), RelabelMaps.Constant(4, 0.25f), 2, 2, RelabelSettings.Paper(0.25));
        Assert.Equal(0, outcome.Flipped);
        Assert.Contains("no pixel will flip", outcome.Warning);
        Assert.Null(Relabeler.Relabel(new byte[4], RelabelMaps.Constant(4, 0.5f), RelabelMaps.Constant(4, 0.25f), 2, 2, RelabelSettings.Paper(0.2)).Warning);
    }

    [Fact]
    public void Bad_maps_throw_naming_the_map_and_pixel()
    {
        byte[] label = [0, 1, 0, 1];
        float[] good = [0.1f, 0.2f, 0.3f, 0.4f];
        var settings = RelabelSettings.Paper(0.1);
        var e = Assert.Throws<ArgumentException>(() => Relabeler.Relabel(label, good, [0.1f, float.NaN, 0.1f, 0.1f], 2, 2, settings));
        Assert.Contains("uncertainty value NaN at (1, 0)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Relabeler.Relabel(label, [0.1f, 0.2f, 0.3f, 1.5f], good, 2, 2, settings));
        Assert.Contains("mean probability value 1.5 at (1, 1)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Relabeler.Relabel(label, [0.1f, 0.2f, -0.01f, 1f], good, 2, 2, settings));
        Assert.Contains("(0, 1)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Relabeler.Relabel([0, 2, 0, 1], good, good, 2, 2, settings));
        Assert.Contains("label value 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Relabeler.Relabel(label, good, [0.1f, 0.1f, 0.1f], 2, 2, settings));
        Assert.Contains("uncertainty map has 3 values, 2x2 needs 4", e.Message);
        Assert.Throws<ArgumentException>(() => FlipSet.Compute(label, good, [0.1f], 2, 2, settings, 0.1));
        Assert.Throws<ArgumentException>(() => FlipSet.Compute(label, good, good, 2, 2, settings, null));   // Paper needs a δ
        // A NaN deep in a long map (past the vectorised part) is found too.
        var longMap = RelabelMaps.Constant(1001, 0.1f);
        longMap[1000] = float.NaN;
        Assert.Throws<ArgumentException>(() => Relabeler.Relabel(new byte[1001], longMap, RelabelMaps.Constant(1001, 0.1f), 1001, 1, settings));
        longMap[1000] = 0.1f;
        longMap[37] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => Relabeler.Relabel(new byte[1001], longMap, RelabelMaps.Constant(1001, 0.1f), 1001, 1, settings));
    }

    [Fact]
    public void Bad_settings_throw_usage_errors()
    {
        byte[] label = [0, 1];
        float[] map = [0.1f, 0.2f];
        foreach (var s in new[]
        {
            RelabelSettings.Paper(-0.1), RelabelSettings.Paper(double.NaN), new RelabelSettings(Margin: 0.6),
            new RelabelSettings(BandRadius: -1), new RelabelSettings(OpeningRadius: -1), new RelabelSettings(MinComponent: -2),
            new RelabelSettings(AutoQuantile: 1.5), new RelabelSettings(Guard: new GuardSettings(AgreementDice: 2)),
        })
            Assert.Throws<RemaskUsageException>(() => Relabeler.Relabel(label, map, map, 2, 1, s));
    }

    [Fact]
    public void The_float_threshold_matches_the_double_comparison_exactly()
    {
        // U > δ with δ a double between two floats, equal to a float, and the vectorised and scalar parts alike.
        float f = 0.1f;
        var u = new float[1000];
        for (int i = 0; i < u.Length; i++) u[i] = i % 3 == 0 ? f : i % 3 == 1 ? MathF.BitIncrement(f) : MathF.BitDecrement(f);
        foreach (double delta in new[] { (double)f, (double)f + 1e-12, (double)f - 1e-12, 0.1 })
        {
            var outcome = Relabeler.Relabel(new byte[u.Length], RelabelMaps.Constant(u.Length, 0.5f), u, u.Length, 1, new RelabelSettings(FlipPolicy.Paper, delta, FillHoles: false));
            for (int i = 0; i < u.Length; i++) Assert.Equal(u[i] > delta ? 1 : 0, outcome.Mask[i]);
        }
    }
}
