using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Morphology;

public class ConnectedComponentsTests
{
    [Fact]
    public void Diagonal_neighbours_join_under_8_connectivity_only()
    {
        var mask = MaskText.Parse(
            "1....",
            ".1...",
            "...11",
            "...1.");
        Assert.Equal(3, ConnectedComponents.Label(mask, Connectivity.Four).Count);
        var eight = ConnectedComponents.Label(mask, Connectivity.Eight);
        Assert.Equal(2, eight.Count);
        Assert.Equal(new ComponentInfo(1, 2, 0, 0, 1, 1, 0), eight.Components[0]);
        Assert.Equal(new ComponentInfo(2, 3, 3, 2, 4, 3, 13), eight.Components[1]);
    }

    public sealed record LabelCase(string[] Mask, int Count4, int[] Labels4, int Count8, int[] Labels8);

    [Fact]
    public void Matches_scipy_ndimage_label_numbering()
    {
        foreach (var c in Fixture.Load<LabelCase[]>("labels"))
        {
            var mask = MaskText.Parse(c.Mask);
            var four = ConnectedComponents.Label(mask, Connectivity.Four);
            var eight = ConnectedComponents.Label(mask, Connectivity.Eight);
            Assert.Equal(c.Count4, four.Count);
            Assert.Equal(c.Labels4, four.Labels.ToArray());
            Assert.Equal(c.Count8, eight.Count);
            Assert.Equal(c.Labels8, eight.Labels.ToArray());
            Assert.Equal(mask.CountForeground(), eight.Components.Sum(k => k.Area));
        }
    }

    [Fact]
    public void Component_mask_holds_exactly_that_component()
    {
        var mask = MaskText.Parse("11.1", "...1");
        var labels = ConnectedComponents.Label(mask);
        MaskText.AssertEqual(MaskText.Parse("...1", "...1"), labels.ComponentMask(2));
    }
}
