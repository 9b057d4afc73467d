using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Noise;
using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

/// <summary><see cref="SynthCt"/> at <see cref="SyntheticDifficulty.Hard"/>: the same slices as standard, made harder.</summary>
public class SynthCtHardTests
{
    private const int Seed = 2021, Count = 40;

    private static readonly Lazy<Sample[]> Hard = new(() =>
        Enumerable.Range(0, Count).Select(i => SynthCt.Generate(i, 64, Seed, SyntheticDifficulty.Hard)).ToArray());

    private static readonly Lazy<Sample[]> Standard = new(() =>
        Enumerable.Range(0, Count).Select(i => SynthCt.Generate(i, 64, Seed)).ToArray());

    [Fact]
    public void Same_inputs_give_identical_bytes_other_inputs_other_images()
    {
        var a = SynthCt.Generate(5, 80, Seed, SyntheticDifficulty.Hard);
        var b = SynthCt.Generate(5, 80, Seed, SyntheticDifficulty.Hard);
        Assert.Equal(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(b.Image));
        Assert.Equal(a.Mask, b.Mask);
        Assert.NotEqual(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(SynthCt.Generate(6, 80, Seed, SyntheticDifficulty.Hard).Image));
    }

    [Fact]
    public void Hard_slices_differ_from_standard_keep_the_empty_slices_and_show_the_same_liver()
    {
        double sum = 0;
        int livers = 0;
        for (int i = 0; i < Count; i++)
        {
            Sample h = Hard.Value[i], s = Standard.Value[i];
            Assert.NotEqual(ImageMeasures.Bytes(s.Image), ImageMeasures.Bytes(h.Image));
            Assert.Equal(s.Mask!.IsEmpty, h.Mask!.IsEmpty);
            Assert.Equal(SynthCt.HasLiver(i, Seed), !h.Mask.IsEmpty);
            if (h.Mask.IsEmpty) continue;
            Assert.False(h.Mask.Equals(s.Mask), $"{h.Name}: the outline did not change");
            // Neighbours pressed into it (3 to 5, gallbladders up to 0.4 of its radius) carve bays out of the same liver.
            double dice = ImageMeasures.Dice(h.Mask, s.Mask);
            Assert.True(dice > 0.5, $"{h.Name}: Dice {dice:0.000}");
            sum += dice; livers++;
        }
        Assert.True(sum / livers > 0.75, $"mean Dice of hard and standard livers {sum / livers:0.000}");
    }

    [Fact]
    public void Livers_have_a_sane_size_and_neighbours_pressed_into_them()
    {
        var livers = Hard.Value.Where(s => !s.Mask!.IsEmpty).ToArray();
        foreach (var s in livers) Assert.InRange(s.Mask!.ForegroundShare, 0.005, 0.3);
        Assert.InRange(livers.Average(s => s.Mask!.ForegroundShare), 0.05, 0.16);
        int planes = 0;
        for (int i = 0; i < Count; i++)
        {
            var over = SynthCt.Scene(i, Seed, SyntheticDifficulty.Hard).OverLiver;
            // 3 to 5 neighbours, each painted once or, with a fat plane around it, twice (the same shape, first as fat).
            int neighbours = over.Select(l => l.Shape).Distinct(ReferenceEqualityComparer.Instance).Count();
            if (SynthCt.HasLiver(i, Seed)) Assert.InRange(neighbours, 3, 5);
            else Assert.Equal(0, neighbours);
            Assert.InRange(over.Count, neighbours, 2 * neighbours);
            planes += over.Count - neighbours;
            Assert.Empty(SynthCt.Scene(i, Seed, SyntheticDifficulty.Standard).OverLiver);
        }
        Assert.True(planes >= 20, $"{planes} fat planes around the neighbours of {Count} slices");
    }

    [Fact]
    public void More_of_the_livers_surroundings_look_like_liver()
    {
        double hard = Hard.Value.Where(s => !s.Mask!.IsEmpty).Average(LiverLikeSurroundings);
        double standard = Standard.Value.Where(s => !s.Mask!.IsEmpty).Average(LiverLikeSurroundings);
        Assert.True(hard > 1.5 * standard, $"share of the ring outside the liver within 0.04 of its median: hard {hard:0.000}, standard {standard:0.000}");
    }

    [Fact]
    public void Outlines_are_irregular_a_smooth_annotator_changes_them_more()
    {
        var smooth = new SmoothCurveNoise();
        double hard = Hard.Value.Where(s => !s.Mask!.IsEmpty).Average(s => ImageMeasures.Dice(smooth.Apply(s.Mask!, 1), s.Mask!));
        double standard = Standard.Value.Where(s => !s.Mask!.IsEmpty).Average(s => ImageMeasures.Dice(smooth.Apply(s.Mask!, 1), s.Mask!));
        Assert.True(hard < standard - 0.015, $"smooth noise vs clean: hard {hard:0.000}, standard {standard:0.000}");
    }

    [Fact]
    public void Shapes_do_not_depend_on_the_resolution()
    {
        for (int i = 0; i < 10; i++)
        {
            var s64 = Hard.Value[i];
            if (s64.Mask!.IsEmpty) continue;
            var s128 = SynthCt.Generate(i, 128, Seed, SyntheticDifficulty.Hard);
            Assert.True(ImageMeasures.Dice(s64.Mask, Resize.Nearest(s128.Mask!, 64, 64)) > 0.85);
        }
    }

    /// <summary>The share of pixels 1-2 px outside the liver whose value is within 0.04 of the liver's median.</summary>
    private static double LiverLikeSurroundings(Sample s)
    {
        var values = s.Image.Data;
        var m = s.Mask!.Pixels;
        var dist = ImageMeasures.DistanceToBorder(s.Mask, 3);
        var inside = new List<float>();
        for (int k = 0; k < m.Length; k++) if (m[k] != 0) inside.Add(values[k]);
        inside.Sort();
        float median = inside[inside.Count / 2];
        int ring = 0, alike = 0;
        for (int k = 0; k < m.Length; k++)
        {
            if (m[k] != 0 || dist[k] > 2) continue;
            ring++;
            if (Math.Abs(values[k] - median) <= 0.04f) alike++;
        }
        return (double)alike / ring;
    }
}
