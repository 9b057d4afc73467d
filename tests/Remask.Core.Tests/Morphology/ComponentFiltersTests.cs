using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Morphology;

public class ComponentFiltersTests
{
    private static readonly Mask ThreeBlobs = MaskText.Parse(
        "11..1.",
        "11....",
        "....11",
        "1...11");

    [Fact]
    public void Largest_component_keeps_only_it_and_the_first_on_ties()
    {
        MaskText.AssertEqual(MaskText.Parse(
            "11....",
            "11....",
            "......",
            "......"), ComponentFilters.LargestComponent(ThreeBlobs));
        Assert.Equal(Mask.Empty(3, 3), ComponentFilters.LargestComponent(Mask.Empty(3, 3)));
    }

    [Fact]
    public void Remove_small_drops_components_below_the_area()
    {
        MaskText.AssertEqual(MaskText.Parse(
            "11....",
            "11....",
            "....11",
            "....11"), ComponentFilters.RemoveSmall(ThreeBlobs, 2));
    }
}
