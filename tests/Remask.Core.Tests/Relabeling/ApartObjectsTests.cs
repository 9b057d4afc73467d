using Remask.Core.Imaging;
using Remask.Core.Relabeling;
using Remask.Core.Uncertainty;

namespace Remask.Core.Tests.Relabeling;

public class ApartObjectsTests
{
    private const int S = 16;

    private static byte[] Masked(params (int X0, int Y0, int X1, int Y1)[] boxes)
    {
        var m = new byte[S * S];
        foreach (var (x0, y0, x1, y1) in boxes)
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++) m[y * S + x] = 1;
        return m;
    }

    [Fact]
    public void Growth_that_touches_the_label_stays_and_a_blob_apart_from_it_is_dropped()
    {
        byte[] label = Masked((2, 2, 6, 6));
        // The repair grows the label by a column on its right (touching) and adds a 3 x 3 blob at (10..12, 10..12).
        byte[] repaired = Masked((2, 2, 7, 6), (10, 10, 13, 13));
        int dropped = ApartObjects.Drop(label, repaired, S, S);
        Assert.Equal(9, dropped);
        Assert.Equal(Masked((2, 2, 7, 6)), repaired);
    }

    [Fact]
    public void A_diagonal_neighbour_touches_and_one_pixel_of_gap_does_not()
    {
        byte[] label = Masked((4, 4, 6, 6));
        byte[] diagonal = Masked((4, 4, 6, 6), (6, 6, 8, 8));       // (6, 6) is the diagonal neighbour of (5, 5)
        Assert.Equal(0, ApartObjects.Drop(label, diagonal, S, S));
        Assert.Equal(Masked((4, 4, 6, 6), (6, 6, 8, 8)), diagonal);
        byte[] gap = Masked((4, 4, 6, 6), (7, 4, 9, 6));            // column 6 stays background between them
        Assert.Equal(4, ApartObjects.Drop(label, gap, S, S));
        Assert.Equal(label, gap);
    }

    [Fact]
    public void Removals_and_an_empty_label_are_left_alone()
    {
        // A repair that only removes foreground adds nothing to drop.
        byte[] label = Masked((2, 2, 8, 8), (11, 11, 14, 14));
        byte[] repaired = Masked((2, 2, 8, 8));
        Assert.Equal(0, ApartObjects.Drop(label, repaired, S, S));
        Assert.Equal(Masked((2, 2, 8, 8)), repaired);
        // A label that marks nothing is the guard's to judge: whatever was added stays.
        byte[] fromNothing = Masked((5, 5, 9, 9));
        Assert.Equal(0, ApartObjects.Drop(new byte[S * S], fromNothing, S, S));
        Assert.Equal(Masked((5, 5, 9, 9)), fromNothing);
        Assert.Throws<ArgumentException>(() => ApartObjects.Drop(label, new byte[S], S, S));
    }

    /// <summary>A model sure of the labeled square, of a larger square around it and of a blob apart from both.</summary>
    private static (Mask Label, UncertaintyMaps Maps) OverSegmented()
    {
        byte[] predicted = Masked((3, 3, 9, 9), (12, 12, 15, 15));
        var p = predicted.Select(v => v != 0 ? 0.95f : 0.05f).ToArray();
        return (new Mask(S, S, Masked((4, 4, 8, 8))), UncertaintyMaps.Compute([.. p, .. p], 2, S, S));
    }

    [Fact]
    public void The_region_policy_adds_no_new_object_unless_told_to_and_a_pass_counts_what_it_dropped()
    {
        var (label, maps) = OverSegmented();
        var allowed = new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 0);
        Assert.True(allowed.AddObjects, "the record's default is the paper's: no restriction");
        var grown = Relabeler.Relabel(label, maps.Mean, maps.Aleatoric, allowed);
        Assert.Equal(Masked((3, 3, 9, 9), (12, 12, 15, 15)), grown.Mask);
        Assert.Equal(0, grown.Apart);

        var kept = Relabeler.Relabel(label, maps.Mean, maps.Aleatoric, allowed with { AddObjects = false });
        Assert.Equal(Masked((3, 3, 9, 9)), kept.Mask);
        Assert.Equal(9, kept.Apart);
        Assert.Equal((36 - 16, 0), (kept.ToForeground, kept.ToBackground));

        var tally = new RelabelTally(allowed with { AddObjects = false });
        var next = tally.Add("a", label, maps, 1, new Mask(S, S, Masked((3, 3, 9, 9))), "a.png");
        Assert.Equal(Masked((3, 3, 9, 9)), next.Pixels.ToArray());
        var row = Assert.Single(tally.Result().Images);
        Assert.Equal(9, row.Apart);
        Assert.Equal(1.0, row.DiceAfter);
    }

    [Fact]
    public void The_passs_last_step_drops_what_the_edge_snap_adds_apart_from_the_label()
    {
        // The model is sure of a square three pixels wider than the label all round and of a one-pixel column two
        // pixels beyond it, which the image shows too. The opening keeps the column out of the flips, but the snap's
        // band reaches it and its data term and edges put it in: only the pass's last step can drop it.
        var label = new Mask(S, S, Masked((6, 6, 9, 9)));
        byte[] sure = Masked((3, 3, 12, 12), (13, 6, 14, 9));
        var p = sure.Select(v => v != 0 ? 0.95f : 0.05f).ToArray();
        var maps = UncertaintyMaps.Compute([.. p, .. p], 2, S, S);
        var image = new Image(S, S, 1, sure.Select(v => v != 0 ? 0.8f : 0.2f).ToArray());
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 1, SnapRadius: 2);

        var allowed = new RelabelTally(settings).Add("a", label, maps, 1, null, "a.png", image).Pixels.ToArray();
        Assert.Equal(sure, allowed);

        var tally = new RelabelTally(settings with { AddObjects = false });
        var next = tally.Add("a", label, maps, 1, null, "a.png", image);
        Assert.Equal(Masked((3, 3, 12, 12)), next.Pixels.ToArray());
        Assert.Equal(3, Assert.Single(tally.Result().Images).Apart);
    }
}
