using Remask.Core.Imaging;
using Remask.Core.Relabeling;
using Remask.Core.Uncertainty;
using static Remask.Core.Tests.Relabeling.SquareScene;

namespace Remask.Core.Tests.Relabeling;

public class EdgeSnapTests
{
    [Fact]
    public void A_mask_two_pixels_inside_the_object_moves_out_to_its_edge()
    {
        // The model's map is sure inside the mask and hedges (0.35, below the level 0.5) over the two-pixel ring the
        // mask misses: alone it would keep the ring out; the image's edge pulls the outline onto the square.
        byte[] mask = SquareMask(2);
        var p = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                p[y * S + x] = InSquare(x, y, 2) ? 0.95f : InSquare(x, y, 0) ? 0.35f : 0.05f;
        byte[] snapped = EdgeSnap.Snap(mask, p, 0.5, Square(), radius: 3, weight: 4);
        Assert.Equal(SquareMask(0), snapped);
    }

    [Fact]
    public void Without_the_edge_term_the_band_is_the_map_cut_at_the_level_and_nothing_outside_the_band_moves()
    {
        // weight 0: each band pixel takes [p > t] on its own (logit p − logit t > 0); outside the band, the mask.
        byte[] mask = SquareMask(2);
        var rng = new Random(7);
        var p = new float[S * S];
        for (int i = 0; i < p.Length; i++) p[i] = (float)rng.NextDouble();
        const double level = 0.4;
        byte[] snapped = EdgeSnap.Snap(mask, p, level, Square(), radius: 2, weight: 0);
        byte[] band = EdgeSnap.Band(mask, S, S, 2);
        var expected = new byte[S * S];
        for (int i = 0; i < expected.Length; i++) expected[i] = band[i] != 0 ? (byte)(p[i] > level ? 1 : 0) : mask[i];
        var filled = new byte[expected.Length];
        Remask.Core.Morphology.HoleFilling.Fill(expected, S, S, filled);
        Assert.Equal(filled, snapped);
    }

    [Fact]
    public void The_band_holds_the_pixels_within_the_radius_of_the_outline_on_both_sides()
    {
        byte[] band = EdgeSnap.Band(SquareMask(0), S, S, 2);
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
            {
                // Inside: within 2 of a background pixel; outside: within 2 of a foreground pixel (Euclidean, digital disk).
                bool expected = InSquare(x, y, 0)
                    ? !InSquare(x, y, 2)
                    : DistanceToSquare(x, y) <= 2;
                Assert.True(expected == (band[y * S + x] != 0), $"({x}, {y})");
            }
    }

    private static double DistanceToSquare(int x, int y)
    {
        int dx = Math.Max(Math.Max(8 - x, x - 23), 0), dy = Math.Max(Math.Max(8 - y, y - 23), 0);
        return Math.Sqrt(dx * dx + dy * dy);
    }

    [Fact]
    public void Beta_is_one_over_twice_the_mean_squared_neighbour_difference()
    {
        // 2 x 1 image, values 0 and 0.5: one pair, difference² 0.25, β = 1 / 0.5 = 2. A flat image gives 0.
        Assert.Equal(2.0, EdgeSnap.Beta(new Image(2, 1, 1, [0f, 0.5f])), 12);
        Assert.Equal(0.0, EdgeSnap.Beta(new Image(3, 3, 1, new float[9])));
        // Channels add: two channels each differing by 0.5 give 0.5 per pair, β = 1.
        Assert.Equal(1.0, EdgeSnap.Beta(new Image(2, 1, 2, [0f, 0.5f, 0f, 0.5f])), 12);
    }

    [Fact]
    public void The_level_is_null_without_a_snap_radius_or_when_the_plain_flips_are_few()
    {
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 1, FloorMargin: 0.08, SnapRadius: 2);
        byte[] mask = SquareMask(3);
        var u = new float[S * S];
        // The prediction agrees with the label: nothing to snap.
        var agree = new float[S * S];
        for (int i = 0; i < agree.Length; i++) agree[i] = mask[i] != 0 ? 0.9f : 0.1f;
        Assert.Null(EdgeSnap.Level(settings, mask, agree, u, null, 0.3, S, S));
        // The prediction covers the whole square (a ring three pixels wide, 156 pixels against the 100-pixel label; narrower slivers would not survive the opening): snap, at the
        // floor's level, since the additions alone meet the evidence share.
        var grow = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++) grow[y * S + x] = InSquare(x, y, 0) ? 0.9f : 0.1f;
        Assert.Equal(0.3, EdgeSnap.Level(settings, mask, grow, u, null, 0.3, S, S));
        // The full square as the label and a prediction three pixels inside it: only removals, level 0.5.
        var shrinkP = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++) shrinkP[y * S + x] = InSquare(x, y, 3) ? 0.9f : 0.1f;
        Assert.Equal(0.5, EdgeSnap.Level(settings, SquareMask(0), shrinkP, u, null, 0.3, S, S));
        // No snap radius: null whatever the maps say.
        Assert.Null(EdgeSnap.Level(settings with { SnapRadius = null }, mask, grow, u, null, 0.3, S, S));
    }

    [Fact]
    public void The_level_from_the_relabel_outcomes_plain_flips_is_the_level_from_the_maps()
    {
        // A pass asks the outcome's counts (RelabelTally); a library caller gives the maps. Both must decide alike, on
        // the cases above and on random maps with and without a δ, a component filter and the floor.
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 1, FloorMargin: 0.08, SnapRadius: 2, MinComponent: 5);
        var u = new float[S * S];
        var random = new Random(7);
        var cases = new List<(byte[] Mask, float[] P, float[] U, double? Delta)>();
        foreach (int inset in new[] { 0, 3 })
        {
            var p = new float[S * S];
            for (int y = 0; y < S; y++)
                for (int x = 0; x < S; x++) p[y * S + x] = InSquare(x, y, inset) ? 0.9f : 0.1f;
            cases.Add((SquareMask(3), p, u, null));
            cases.Add((SquareMask(0), p, u, null));
        }
        for (int k = 0; k < 20; k++)
        {
            var p = new float[S * S];
            var noise = new float[S * S];
            for (int i = 0; i < p.Length; i++) { p[i] = (float)random.NextDouble(); noise[i] = 0.25f * (float)random.NextDouble(); }
            cases.Add((SquareMask(k % 4), p, noise, k % 2 == 0 ? null : 0.1));
        }
        foreach (var (mask, p, uncertainty, delta) in cases)
            foreach (var s in new[] { settings, settings with { FloorMargin = null }, settings with { MinComponent = 0 } })
            {
                var outcome = Relabeler.Relabel(mask, p, uncertainty, S, S, s with { Delta = delta });
                Assert.Equal(EdgeSnap.Level(s, mask, p, uncertainty, delta, outcome.GrowAt ?? 0.5, S, S), EdgeSnap.Level(s, outcome.Plain, outcome.GrowAt ?? 0.5));
            }
    }

    [Fact]
    public void A_relabel_pass_snaps_after_the_flips_only_when_it_has_the_image_and_counts_the_moved_pixels()
    {
        // Label: the square 5 px inside the object. Map: sure over the square 2 px inside, hedging (0.35) on the last
        // two pixels. The region policy grows the label to the inner square; the snap carries it to the object's edge.
        var label = new Mask(S, S, SquareMask(5));
        var p = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                p[y * S + x] = InSquare(x, y, 2) ? 0.95f : InSquare(x, y, 0) ? 0.35f : 0.05f;
        var maps = UncertaintyMaps.Compute([.. p, .. p], 2, S, S);
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 1, SnapRadius: 4, SnapWeight: 4);

        // Without the image: the flips alone (the inner square, its corners opened off).
        byte[] flipsOnly = Relabeler.Relabel(label, maps.Mean, maps.Aleatoric, settings).Mask;
        var withoutImage = new RelabelTally(settings);
        Assert.Equal(flipsOnly, withoutImage.Add("a", label, maps, 1, null, "a.png").Pixels.ToArray());
        Assert.Equal(0, Assert.Single(withoutImage.Result().Images).Snapped);
        Assert.Equal(12 * 12 - 4, flipsOnly.Count(v => v != 0));

        var tally = new RelabelTally(settings);
        var next = tally.Add("a", label, maps, 1, new Mask(S, S, SquareMask(0)), "a.png", Square());
        Assert.Equal(SquareMask(0), next.Pixels.ToArray());
        var row = Assert.Single(tally.Result().Images);
        Assert.Equal(16 * 16 - (12 * 12 - 4), row.Snapped);
        Assert.Equal(16 * 16 - 6 * 6, row.ToForeground);
        Assert.Equal(1.0, row.DiceAfter);
    }

    [Fact]
    public void A_pass_whose_image_differs_in_size_from_the_label_names_the_file()
    {
        var label = new Mask(S, S, SquareMask(5));
        var p = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++) p[y * S + x] = InSquare(x, y, 2) ? 0.95f : 0.05f;
        var maps = UncertaintyMaps.Compute([.. p, .. p], 2, S, S);
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 1, SnapRadius: 2);
        var e = Assert.Throws<RemaskDataException>(() =>
            new RelabelTally(settings).Add("a", label, maps, 1, null, "masks/a.png", new Image(S / 2, S * 2, 1, new float[S * S])));
        Assert.Contains("masks/a.png", e.Message);
        Assert.Contains("16x64", e.Message);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        byte[] mask = SquareMask(2);
        var p = new float[S * S];
        Assert.Throws<ArgumentOutOfRangeException>(() => EdgeSnap.Snap(mask, p, 0, Square(), 2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => EdgeSnap.Snap(mask, p, 0.5, Square(), -1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => EdgeSnap.Snap(mask, p, 0.5, Square(), 2, double.NaN));
        Assert.Throws<ArgumentException>(() => EdgeSnap.Snap(mask[..10], p, 0.5, Square(), 2, 4));
        Assert.Throws<RemaskUsageException>(() => new RelabelSettings(FlipPolicy.Paper, SnapRadius: 2).Validate());
        Assert.Throws<RemaskUsageException>(() => new RelabelSettings(FlipPolicy.Region, SnapRadius: 0).Validate());
    }
}
