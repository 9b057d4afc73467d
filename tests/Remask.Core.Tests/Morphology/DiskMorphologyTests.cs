using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Morphology;

public class DiskMorphologyTests
{
    public sealed record DiskCase(string[] Mask, int Radius, string[] Dilated, string[] Eroded);

    [Fact]
    public void Matches_skimage_binary_dilation_and_erosion_with_a_disk()
    {
        var cases = Fixture.Load<DiskCase[]>("disk_morphology");
        Assert.True(cases.Length >= 90);
        foreach (var c in cases)
        {
            var mask = MaskText.Parse(c.Mask);
            MaskText.AssertEqual(MaskText.Parse(c.Dilated), DiskMorphology.Dilate(mask, c.Radius), $"dilation r={c.Radius}");
            MaskText.AssertEqual(MaskText.Parse(c.Eroded), DiskMorphology.Erode(mask, c.Radius), $"erosion r={c.Radius}");
        }
    }

    [Fact]
    public void Dilating_one_pixel_by_radius_2_gives_the_13_pixel_disk()
    {
        var mask = MaskText.Parse(".....", ".....", "..1..", ".....", ".....");
        MaskText.AssertEqual(MaskText.Parse(
            "..1..",
            ".111.",
            "11111",
            ".111.",
            "..1.."), DiskMorphology.Dilate(mask, 2));
    }

    [Fact]
    public void Opening_removes_a_thin_spur_and_closing_fills_a_thin_gap()
    {
        var spur = MaskText.Parse(
            "..........",
            ".111......",
            ".111111111",
            ".111......",
            "..........");
        // disk(1) is the cross: erosion keeps (2,2) and (3,2) only, whose crosses fit; dilation grows them back
        // into two overlapping crosses. The spur (x >= 5) is gone, and so are the square's corners.
        MaskText.AssertEqual(MaskText.Parse(
            "..........",
            "..11......",
            ".1111.....",
            "..11......",
            ".........."), DiskMorphology.Open(spur, 1));
        var gap = MaskText.Parse(
            ".........",
            ".111.111.",
            ".111.111.",
            ".111.111.",
            ".........");
        // Column 4 is bridged where the cross centred on it fits in the dilation: the middle row only, since
        // (4,0) and (4,4) are not within reach of the squares.
        MaskText.AssertEqual(MaskText.Parse(
            ".........",
            ".111.111.",
            ".1111111.",
            ".111.111.",
            "........."), DiskMorphology.Close(gap, 1));
    }

    [Fact]
    public void Closing_does_not_pull_objects_to_the_image_edge()
    {
        // An object one pixel from the edge: a plain erosion-after-dilation with "outside is foreground" would
        // fill the gap to the edge; closing on a padded image does not.
        var mask = MaskText.Parse(
            "......",
            ".111..",
            ".111..",
            "......");
        Assert.Equal(mask, DiskMorphology.Close(mask, 2));
    }

    [Fact]
    public void Radius_zero_changes_nothing_and_a_negative_radius_is_a_usage_error()
    {
        var mask = MaskText.Parse("1.1", ".1.");
        Assert.Equal(mask, DiskMorphology.Dilate(mask, 0));
        Assert.Equal(mask, DiskMorphology.Erode(mask, 0));
        Assert.Throws<RemaskUsageException>(() => DiskMorphology.Dilate(mask, -1));
    }

    [Fact]
    public void Opening_and_closing_are_idempotent_and_ordered()
    {
        foreach (var mask in RandomMasks.Many(seed: 11, count: 60))
        {
            var opened = DiskMorphology.Open(mask, 2);
            var closed = DiskMorphology.Close(mask, 2);
            Assert.Equal(opened, DiskMorphology.Open(opened, 2));
            Assert.Equal(closed, DiskMorphology.Close(closed, 2));
            for (int i = 0; i < mask.Length; i++)
            {
                Assert.True(opened.Pixels[i] <= mask.Pixels[i]);
                Assert.True(mask.Pixels[i] <= closed.Pixels[i]);
            }
        }
    }
}
