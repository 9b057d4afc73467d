using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Noise;
using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

/// <summary><see cref="SynthDerm"/> at <see cref="SyntheticDifficulty.Hard"/>: the same scenes as standard, made harder.</summary>
public class SynthDermHardTests
{
    private const int Seed = 2021, Count = 40;

    private static readonly Lazy<Sample[]> Hard = new(() =>
        Enumerable.Range(0, Count).Select(i => SynthDerm.Generate(i, 64, Seed, SyntheticDifficulty.Hard)).ToArray());

    private static readonly Lazy<Sample[]> Standard = new(() =>
        Enumerable.Range(0, Count).Select(i => SynthDerm.Generate(i, 64, Seed)).ToArray());

    [Fact]
    public void Same_inputs_give_identical_bytes_and_other_seeds_other_images()
    {
        var a = SynthDerm.Generate(7, 96, Seed, SyntheticDifficulty.Hard);
        var b = SynthDerm.Generate(7, 96, Seed, SyntheticDifficulty.Hard);
        Assert.Equal(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(b.Image));
        Assert.Equal(a.Mask, b.Mask);
        Assert.Equal("derm_000007", a.Name);
        Assert.NotEqual(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(SynthDerm.Generate(7, 96, Seed + 1, SyntheticDifficulty.Hard).Image));
    }

    [Fact]
    public void Hard_images_differ_from_standard_but_show_the_same_lesion()
    {
        int masksDiffer = 0;
        for (int i = 0; i < Count; i++)
        {
            Sample h = Hard.Value[i], s = Standard.Value[i];
            Assert.NotEqual(ImageMeasures.Bytes(s.Image), ImageMeasures.Bytes(h.Image));
            if (!h.Mask!.Equals(s.Mask)) masksDiffer++;
            // Lobes, notches and satellites change the outline, not the lesion under it.
            Assert.True(ImageMeasures.Dice(h.Mask!, s.Mask!) > 0.75, $"{h.Name}: Dice {ImageMeasures.Dice(h.Mask!, s.Mask!):0.000}");
        }
        Assert.True(masksDiffer >= Count * 3 / 4, $"{masksDiffer} of {Count} outlines changed");
    }

    [Fact]
    public void Masks_are_non_empty_with_a_sane_foreground_share()
    {
        foreach (var s in Hard.Value) Assert.InRange(s.Mask!.ForegroundShare, 0.05, 0.65);
        Assert.InRange(Hard.Value.Average(s => s.Mask!.ForegroundShare), 0.15, 0.4);
    }

    [Fact]
    public void Outlines_are_irregular_a_smooth_annotator_changes_them_more_and_some_have_satellites()
    {
        var smooth = new SmoothCurveNoise();
        double hard = Hard.Value.Average(s => ImageMeasures.Dice(smooth.Apply(s.Mask!, 1), s.Mask!));
        double standard = Standard.Value.Average(s => ImageMeasures.Dice(smooth.Apply(s.Mask!, 1), s.Mask!));
        Assert.True(hard < standard - 0.015, $"smooth noise vs clean: hard {hard:0.000}, standard {standard:0.000}");
        int several = Hard.Value.Count(s => ConnectedComponents.Label(s.Mask!, Connectivity.Eight).Count > 1);
        Assert.True(several >= 5, $"{several} masks with more than one component");
        var scenes = Enumerable.Range(0, Count).Select(i => SynthDerm.Scene(i, Seed, SyntheticDifficulty.Hard).Hard!).ToArray();
        Assert.All(scenes, h => Assert.InRange(h.Body.Parts.Count, 3, 6));   // the lesion and 2 to 5 lobes
        Assert.All(scenes, h => Assert.InRange(h.Body.Cuts.Count, 2, 5));    // 2 to 5 notches
        // Pseudopods (3 to 8 in 70 % of images) and satellites (1 to 5 in 45 %) are outside the body, in the mask.
        Assert.All(scenes, h => Assert.InRange(h.Spots.Count, 0, 13));
        int fingered = scenes.Count(h => h.Spots.Count >= 3);
        Assert.True(fingered >= Count / 2, $"{fingered} of {Count} lesions with 3 or more pseudopods and satellites");
    }

    [Fact]
    public void Borders_have_less_contrast_than_standard()
    {
        double hard = Hard.Value.Average(BorderContrast), standard = Standard.Value.Average(BorderContrast);
        Assert.True(hard < 0.6 * standard, $"luminance step across the border: hard {hard:0.000}, standard {standard:0.000}");
    }

    [Fact]
    public void Hair_and_rulers_hide_part_of_most_lesions()
    {
        int hidden = 0;
        for (int i = 0; i < Count; i++)
        {
            var cover = SynthDerm.Occlusion(i, 64, Seed, SyntheticDifficulty.Hard);
            var m = Hard.Value[i].Mask!.Pixels;
            // The lesion's area that hair and ruler hide (a pixel half covered by a hair counts half).
            double inside = 0, covered = 0;
            for (int k = 0; k < m.Length; k++)
                if (m[k] != 0) { inside++; covered += cover[k]; }
            if (covered >= 0.03 * inside) hidden++;
        }
        Assert.True(hidden >= Count / 2, $"{hidden} of {Count} lesions at least 3 % hidden");
        int rulers = Enumerable.Range(0, Count).Count(i => SynthDerm.Scene(i, Seed, SyntheticDifficulty.Hard).Hard!.Ruler is not null);
        Assert.InRange(rulers, 6, 28);   // 40 % of images
        Assert.Null(SynthDerm.Scene(0, Seed, SyntheticDifficulty.Standard).Hard);
    }

    [Fact]
    public void Shapes_do_not_depend_on_the_resolution()
    {
        for (int i = 0; i < 10; i++)
        {
            var s64 = Hard.Value[i];
            var s128 = SynthDerm.Generate(i, 128, Seed, SyntheticDifficulty.Hard);
            Assert.True(ImageMeasures.Dice(s64.Mask!, Resize.Nearest(s128.Mask!, 64, 64)) > 0.85);
        }
    }

    /// <summary>Mean luminance 1-2 px outside the mask minus 1-2 px inside, as a share of the outside's.</summary>
    private static double BorderContrast(Sample s)
    {
        var lum = ImageMeasures.Luminance(s.Image);
        var dist = ImageMeasures.DistanceToBorder(s.Mask!, 3);
        var m = s.Mask!.Pixels;
        double inside = 0, outside = 0;
        int nIn = 0, nOut = 0;
        for (int k = 0; k < lum.Length; k++)
        {
            if (dist[k] > 2) continue;
            if (m[k] != 0) { inside += lum[k]; nIn++; } else { outside += lum[k]; nOut++; }
        }
        return (outside / nOut - inside / nIn) / (outside / nOut);
    }
}
