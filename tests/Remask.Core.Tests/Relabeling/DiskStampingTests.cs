using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Relabeling;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Relabeling;

public class DiskStampingTests
{
    [Fact]
    public void Stamped_opening_equals_distance_transform_opening()
    {
        foreach (var mask in RandomMasks.Many(21, 120))
            foreach (int r in new[] { 0, 1, 2, 4, 7 })
            {
                var data = mask.ToArray();
                DiskStamping.OpenInPlace(data, mask.Width, mask.Height, r);
                MaskText.AssertEqual(DiskMorphology.Open(mask, r), new Mask(mask.Width, mask.Height, data), $"r={r}");
            }
    }

    [Fact]
    public void Stamped_dilation_equals_distance_transform_dilation()
    {
        foreach (var mask in RandomMasks.Many(22, 120))
            foreach (int r in new[] { 0, 1, 3, 6 })
                MaskText.AssertEqual(DiskMorphology.Dilate(mask, r),
                    new Mask(mask.Width, mask.Height, DiskStamping.Dilate(mask.Pixels, mask.Width, mask.Height, r)), $"r={r}");
    }

    [Fact]
    public void Outline_is_both_sides_of_the_boundary_by_4_neighbours_and_not_the_image_border()
    {
        var mask = MaskText.Parse(
            "11....",
            "11....",
            "......",
            "....1.");
        MaskText.AssertEqual(MaskText.Parse(
            ".11...",
            "111...",
            "11..1.",
            "...111"), new Mask(6, 4, Outline.Of(mask.Pixels, 6, 4)));
    }
}
