using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Morphology;

public class HoleFillingTests
{
    [Fact]
    public void A_ring_fills_to_a_disc()
    {
        var ring = RandomMasks.Disc(21, 21, 10, 10, 8);
        var hole = RandomMasks.Disc(21, 21, 10, 10, 4);
        var ringData = ring.ToArray();
        for (int i = 0; i < ringData.Length; i++) if (hole.Pixels[i] == 1) ringData[i] = 0;
        var filled = HoleFilling.Fill(new Mask(21, 21, ringData));
        MaskText.AssertEqual(ring, filled);
    }

    [Fact]
    public void A_hole_touching_the_border_stays_open()
    {
        var mask = MaskText.Parse(
            "11111",
            "1...1",
            "1...1",
            "11.11");
        MaskText.AssertEqual(mask, HoleFilling.Fill(mask));
    }

    [Fact]
    public void A_hole_leaking_only_through_a_corner_is_a_hole_for_4_connected_background_only()
    {
        var mask = MaskText.Parse(
            "11111.",
            "1...1.",
            "1...1.",
            "11111.",
            "......");
        var closedCorner = MaskText.Parse(
            "1111..",
            "1..1..",
            "1...1.",
            "11111.",
            "......");
        // The hole of closedCorner reaches the outside only diagonally (between (3,0) and (4,1)).
        var filled4 = HoleFilling.Fill(closedCorner, Connectivity.Four);
        var filled8 = HoleFilling.Fill(closedCorner, Connectivity.Eight);
        Assert.True(filled4[2, 2] && filled4[1, 1]);
        MaskText.AssertEqual(closedCorner, filled8);
        Assert.True(HoleFilling.Fill(mask, Connectivity.Eight)[2, 2]);
    }

    public sealed record FillCase(string[] Mask, string[] Filled4, string[] Filled8);

    [Fact]
    public void Matches_scipy_binary_fill_holes_with_both_structures()
    {
        var cases = Fixture.Load<FillCase[]>("fill_holes");
        Assert.True(cases.Length >= 40);
        foreach (var c in cases)
        {
            var mask = MaskText.Parse(c.Mask);
            MaskText.AssertEqual(MaskText.Parse(c.Filled4), HoleFilling.Fill(mask, Connectivity.Four), "cross structure");
            MaskText.AssertEqual(MaskText.Parse(c.Filled8), HoleFilling.Fill(mask, Connectivity.Eight), "3x3 structure");
        }
    }

    [Theory]
    [InlineData(Connectivity.Four)]
    [InlineData(Connectivity.Eight)]
    public void Filling_is_idempotent_keeps_foreground_and_leaves_no_enclosed_background(Connectivity connectivity)
    {
        foreach (var mask in RandomMasks.Many(seed: 7, count: 150))
        {
            var filled = HoleFilling.Fill(mask, connectivity);
            Assert.Equal(filled, HoleFilling.Fill(filled, connectivity));
            for (int i = 0; i < mask.Length; i++)
                if (mask.Pixels[i] == 1) Assert.Equal(1, filled.Pixels[i]);
            AssertNoEnclosedBackground(filled, connectivity);
        }
    }

    /// <summary>Every background component (under the given connectivity) reaches the image border.</summary>
    private static void AssertNoEnclosedBackground(Mask filled, Connectivity connectivity)
    {
        var background = new byte[filled.Length];
        for (int i = 0; i < background.Length; i++) background[i] = (byte)(1 - filled.Pixels[i]);
        var labels = ConnectedComponents.Label(background, filled.Width, filled.Height, connectivity);
        foreach (var c in labels.Components)
            Assert.True(c.MinX == 0 || c.MinY == 0 || c.MaxX == filled.Width - 1 || c.MaxY == filled.Height - 1,
                $"background component {c} is enclosed");
    }

    [Fact]
    public void Empty_and_full_masks_are_unchanged()
    {
        Assert.Equal(Mask.Empty(4, 3), HoleFilling.Fill(Mask.Empty(4, 3)));
        Assert.Equal(Mask.Full(4, 3), HoleFilling.Fill(Mask.Full(4, 3)));
    }
}
