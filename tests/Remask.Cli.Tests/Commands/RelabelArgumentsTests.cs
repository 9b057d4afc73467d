using Remask.Cli.Commands;

namespace Remask.Cli.Tests.Commands;

/// <summary>The relabel options of <c>train --method relabel</c> and <c>relabel</c>, parsed without running anything.</summary>
public class RelabelArgumentsTests
{
    [Fact]
    public void An_empty_mask_stays_empty_unless_relabel_empty_is_given()
    {
        Assert.True(RelabelArguments.Flip(new RelabelingSettings()).Guard!.KeepEmpty);
        var open = RelabelArguments.Flip(new RelabelingSettings { RelabelEmpty = true });
        Assert.False(open.Guard!.KeepEmpty);
        // Only that switch changes: the rest of the guard is the default's.
        Assert.Equal(RelabelArguments.Flip(new RelabelingSettings()).Guard! with { KeepEmpty = false }, open.Guard);
        Assert.Null(RelabelArguments.Flip(new RelabelingSettings { RelabelEmpty = true, NoGuard = true }).Guard);
    }

    [Fact]
    public void A_repair_adds_no_new_object_unless_add_objects_is_given_and_the_papers_flip_is_unrestricted()
    {
        Assert.False(RelabelArguments.Flip(new RelabelingSettings()).AddObjects);
        var open = RelabelArguments.Flip(new RelabelingSettings { AddObjects = true });
        // Only that switch changes.
        Assert.Equal(RelabelArguments.Flip(new RelabelingSettings()) with { AddObjects = true }, open);
        Assert.True(RelabelArguments.Flip(new RelabelingSettings { Flip = "paper" }).AddObjects);
    }

    [Fact]
    public void The_snaps_alignment_threshold_is_045_by_default_a_number_above_0_or_off_and_needs_the_snap()
    {
        Assert.Equal(0.45, RelabelArguments.Flip(new RelabelingSettings()).SnapAlignment);
        Assert.Equal(0.3, RelabelArguments.Flip(new RelabelingSettings { SnapAlignment = "0.3" }).SnapAlignment);
        Assert.Null(RelabelArguments.Flip(new RelabelingSettings { SnapAlignment = "off" }).SnapAlignment);
        foreach (string bad in new[] { "0", "-1", "wide", "Infinity" })
            Assert.Contains("--snap-alignment", Assert.Throws<Remask.Core.RemaskUsageException>(() =>
                RelabelArguments.Flip(new RelabelingSettings { SnapAlignment = bad })).Message);
        Assert.Contains("needs --snap", Assert.Throws<Remask.Core.RemaskUsageException>(() =>
            RelabelArguments.Flip(new RelabelingSettings { Snap = "off", SnapAlignment = "0.45" })).Message);
        Assert.Null(RelabelArguments.Flip(new RelabelingSettings { Snap = "off", SnapAlignment = "off" }).SnapAlignment);
    }

    [Fact]
    public void The_snaps_weight_is_16_by_default_a_finite_number_of_0_or_more_and_needs_the_snap_and_the_region_policy()
    {
        Assert.Equal(16.0, RelabelArguments.Flip(new RelabelingSettings()).SnapWeight);
        Assert.Equal(4.0, RelabelArguments.Flip(new RelabelingSettings { SnapWeight = 4 }).SnapWeight);
        Assert.Equal(0.0, RelabelArguments.Flip(new RelabelingSettings { SnapWeight = 0 }).SnapWeight);
        foreach (double bad in new[] { -1, double.NaN, double.PositiveInfinity })
            Assert.Contains("--snap-weight", Assert.Throws<Remask.Core.RemaskUsageException>(() =>
                RelabelArguments.Flip(new RelabelingSettings { SnapWeight = bad })).Message);
        Assert.Contains("needs --snap", Assert.Throws<Remask.Core.RemaskUsageException>(() =>
            RelabelArguments.Flip(new RelabelingSettings { Snap = "off", SnapWeight = 8 })).Message);
        Assert.Contains("region policy", Assert.Throws<Remask.Core.RemaskUsageException>(() =>
            RelabelArguments.Flip(new RelabelingSettings { Flip = "paper", Threshold = "0.2", SnapWeight = 8 })).Message);
    }
}
