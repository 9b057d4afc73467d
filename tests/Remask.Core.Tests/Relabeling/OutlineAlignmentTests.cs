using Remask.Core.Imaging;
using Remask.Core.Relabeling;
using Remask.Core.Uncertainty;
using static Remask.Core.Tests.Relabeling.SquareScene;

namespace Remask.Core.Tests.Relabeling;

public class OutlineAlignmentTests
{
    /// <summary>A model sure over the object (0.95) and of the background (0.05).</summary>
    private static float[] SureOfTheObject()
    {
        var p = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++) p[y * S + x] = InSquare(x, y, 0) ? 0.95f : 0.05f;
        return p;
    }

    [Fact]
    public void The_contrast_is_the_mean_normalised_step_across_the_outline_by_hand()
    {
        // 4 x 1, values 0 0 1 1: steps 0, 1, 0, so mean d² = 1/3 and β = 1 / (2/3) = 1.5.
        var row = new Image(4, 1, 1, [0f, 0f, 1f, 1f]);
        Assert.Equal(1.5, OutlineAlignment.Contrast([1, 1, 0, 0], row), 12);
        Assert.Equal(0.0, OutlineAlignment.Contrast([1, 0, 0, 0], row), 12);
        Assert.Equal(0.75, OutlineAlignment.Contrast([0, 1, 0, 0], row), 12);   // pairs (0,1): 0 and (1,2): 1.5
        // 2 x 2, two channels: [0 1; 0 1] and [0 2; 0 2]. Horizontal steps d² = 1 + 4 = 5, vertical 0: β = 1 / (2 · 2.5) = 0.2.
        var two = new Image(2, 2, 2, [0f, 1f, 0f, 1f, 0f, 2f, 0f, 2f]);
        Assert.Equal(1.0, OutlineAlignment.Contrast([1, 0, 1, 0], two), 12);
        Assert.Equal(0.0, OutlineAlignment.Contrast([1, 1, 0, 0], two), 12);
        Assert.True(double.IsNaN(OutlineAlignment.Contrast([0, 0, 0, 0], two)));
        Assert.True(double.IsNaN(OutlineAlignment.Contrast([1, 1, 1, 1], two)));
    }

    [Fact]
    public void A_label_inside_the_object_has_a_ratio_near_0_and_the_objects_own_outline_a_ratio_of_1()
    {
        var image = Square();
        var p = SureOfTheObject();
        // Two pixels inside: its outline runs through flat brightness, the snapped one along the object's edge.
        Assert.Equal(0.0, OutlineAlignment.Ratio(SquareMask(2), p, image, radius: 3, weight: 4)!.Value, 12);
        // On the edge already: the snap leaves it there.
        Assert.Equal(1.0, OutlineAlignment.Ratio(SquareMask(0), p, image, radius: 3, weight: 4)!.Value, 12);
        Assert.Null(OutlineAlignment.Ratio(new byte[S * S], p, image, radius: 3, weight: 4));
    }

    [Fact]
    public void The_median_and_the_sample_indices()
    {
        Assert.Null(OutlineAlignment.Median([]));
        Assert.Equal(0.3, OutlineAlignment.Median([0.9, 0.3, 0.1])!.Value, 12);
        Assert.Equal(0.5, OutlineAlignment.Median([0.9, 0.6, 0.1, 0.4])!.Value, 12);
        Assert.Equal([0, 1, 2], OutlineAlignment.SampleIndices(3, 64));
        Assert.Equal([1, 3, 6, 8], OutlineAlignment.SampleIndices(10, 4));   // ⌊(j + ½) 10 / 4⌋
        Assert.Empty(OutlineAlignment.SampleIndices(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutlineAlignment.SampleIndices(-1, 4));
    }

    /// <summary>Label: the object less a one-pixel ring (too thin for the region policy's opening, so the flips are
    /// empty); the model sure of the whole object.</summary>
    private static (Mask Label, UncertaintyMaps Maps, RelabelSettings Settings) RingMissing(float[]? p = null)
    {
        p ??= SureOfTheObject();
        var maps = UncertaintyMaps.Compute([.. p, .. p], 2, S, S);
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0.2, OpeningRadius: 1, SnapRadius: 2, SnapWeight: 4, SnapAlignment: 0.45);
        return (new Mask(S, S, SquareMask(1)), maps, settings);
    }

    [Fact]
    public void A_pass_whose_labels_cut_across_the_edges_snaps_an_image_the_flips_left_alone()
    {
        var (label, maps, settings) = RingMissing();
        Assert.Equal(0, Relabeler.Relabel(label, maps.Mean, maps.Aleatoric, settings).Changed);

        var aligned = new RelabelTally(settings);
        aligned.SetAlignment(0.6);
        Assert.False(aligned.SnapsEveryImage);
        Assert.Equal(SquareMask(1), aligned.Add("a", label, maps, 1, null, "a.png", Square()).Pixels.ToArray());

        var across = new RelabelTally(settings);
        across.SetAlignment(0.3);
        Assert.True(across.SnapsEveryImage);
        Assert.Equal(SquareMask(0), across.Add("a", label, maps, 1, null, "a.png", Square()).Pixels.ToArray());
        var row = Assert.Single(across.Result().Images);
        Assert.Equal(16 * 16 - 14 * 14, row.Snapped);
        Assert.Equal(16 * 16 - 14 * 14, row.ToForeground);
        Assert.Equal((0.3, true), (across.Result().Summary.OutlineAlignment, across.Result().Summary.SnappedEveryImage));

        // Not measured, or without the image: as before.
        var unmeasured = new RelabelTally(settings);
        Assert.Equal(SquareMask(1), unmeasured.Add("a", label, maps, 1, null, "a.png", Square()).Pixels.ToArray());
        Assert.Equal((null, false), (unmeasured.Result().Summary.OutlineAlignment, unmeasured.Result().Summary.SnappedEveryImage));
        var noImage = new RelabelTally(settings);
        noImage.SetAlignment(0.3);
        Assert.Equal(SquareMask(1), noImage.Add("a", label, maps, 1, null, "a.png").Pixels.ToArray());
        // Off (null threshold): never every image.
        var off = new RelabelTally(settings with { SnapAlignment = null });
        off.SetAlignment(0.3);
        Assert.False(off.SnapsEveryImage);
        Assert.Equal(SquareMask(1), off.Add("a", label, maps, 1, null, "a.png", Square()).Pixels.ToArray());
    }

    [Fact]
    public void A_prediction_that_marks_every_pixel_is_not_snapped_even_when_every_image_is()
    {
        var (label, maps, settings) = RingMissing(RelabelMaps.Constant(S * S, 0.9f));
        var tally = new RelabelTally(settings with { Guard = new GuardSettings() });
        tally.SetAlignment(0.1);
        Assert.Equal(SquareMask(1), tally.Add("a", label, maps, 1, null, "a.png", Square()).Pixels.ToArray());
        Assert.Equal(0, Assert.Single(tally.Result().Images).Snapped);
    }

    [Fact]
    public void The_alignment_is_set_before_the_first_image_and_its_threshold_is_checked()
    {
        var (label, maps, settings) = RingMissing();
        var tally = new RelabelTally(settings);
        tally.Add("a", label, maps, 1, null, "a.png", Square());
        Assert.Throws<InvalidOperationException>(() => tally.SetAlignment(0.3));
        Assert.Throws<RemaskUsageException>(() => (settings with { SnapAlignment = 0 }).Validate());
        Assert.Throws<RemaskUsageException>(() => (settings with { SnapAlignment = double.PositiveInfinity }).Validate());
        Assert.True(settings.SnapsByAlignment);
        Assert.False((settings with { SnapRadius = null }).SnapsByAlignment);
    }
}
