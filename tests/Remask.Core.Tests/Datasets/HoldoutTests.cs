using Remask.Core.Datasets;

namespace Remask.Core.Tests.Datasets;

public class HoldoutTests
{
    private static List<SampleRef> Slices(int volumes, int slicesEach) =>
        Enumerable.Range(0, volumes).SelectMany(v => Enumerable.Range(0, slicesEach)
            .Select(z => new SampleRef($"liver_{v}_z{z:D3}", $"/d/imagesTr/liver_{v}.nii.gz", $"/d/labelsTr/liver_{v}.nii.gz", z))).ToList();

    private static List<SampleRef> Images(int n) =>
        Enumerable.Range(0, n).Select(i => new SampleRef($"ISIC_{i:D7}", $"/d/ISIC_{i:D7}.jpg", $"/d/ISIC_{i:D7}_segmentation.png")).ToList();

    [Fact]
    public void Slices_are_held_out_by_volume_and_never_on_both_sides()
    {
        var samples = Slices(10, 5);
        var groups = Holdout.Choose(samples, 0.2, seed: 7);
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.StartsWith("liver_", g));
        var (train, held) = Holdout.Apply(samples, groups);
        Assert.Equal(10, held.Count);
        Assert.Equal(40, train.Count);
        Assert.Empty(train.Select(s => s.ImagePath).Intersect(held.Select(s => s.ImagePath)));
    }

    [Fact]
    public void Images_are_held_out_one_by_one_and_the_choice_follows_the_seed_only()
    {
        var samples = Images(50);
        var a = Holdout.Choose(samples, 0.3, seed: 1);
        Assert.Equal(15, a.Count);
        Assert.Equal(a, Holdout.Choose(Enumerable.Reverse(samples).ToList(), 0.3, seed: 1));
        Assert.NotEqual(a, Holdout.Choose(samples, 0.3, seed: 2));
    }

    [Fact]
    public void A_held_out_volume_includes_its_slices()
    {
        var groups = new HashSet<string> { "liver_3", "ISIC_0000001" };
        Assert.True(Holdout.Includes(groups, "liver_3_z045"));
        Assert.True(Holdout.Includes(groups, "liver_3"));
        Assert.True(Holdout.Includes(groups, "ISIC_0000001"));
        Assert.False(Holdout.Includes(groups, "liver_30_z001"));
        Assert.False(Holdout.Includes(groups, "ISIC_0000002"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.01)]
    public void A_share_that_leaves_a_side_empty_is_a_usage_error(double share) =>
        Assert.Throws<RemaskUsageException>(() => Holdout.Choose(Images(3), share, seed: 0));
}
