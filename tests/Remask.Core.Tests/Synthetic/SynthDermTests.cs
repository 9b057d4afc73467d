using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class SynthDermTests
{
    private const int Seed = 2021;

    /// <summary>40 images at 64 px, generated once for the property tests below.</summary>
    private static readonly Lazy<Sample[]> Small = new(() =>
        Enumerable.Range(0, 40).Select(i => SynthDerm.Generate(i, 64, Seed)).ToArray());

    [Fact]
    public void Same_inputs_give_identical_bytes()
    {
        var a = SynthDerm.Generate(7, 96, Seed);
        var b = SynthDerm.Generate(7, 96, Seed);
        Assert.Equal(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(b.Image));
        Assert.Equal(a.Mask, b.Mask);
        Assert.Equal("derm_000007", a.Name);
    }

    [Fact]
    public void Other_seeds_and_indices_give_other_images()
    {
        var a = SynthDerm.Generate(7, 64, Seed);
        var otherSeed = SynthDerm.Generate(7, 64, Seed + 1);
        var otherIndex = SynthDerm.Generate(8, 64, Seed);
        Assert.NotEqual(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(otherSeed.Image));
        Assert.NotEqual(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(otherIndex.Image));
        Assert.NotEqual(a.Mask, otherSeed.Mask);
        Assert.NotEqual(a.Mask, otherIndex.Mask);
    }

    [Fact]
    public void Images_are_three_channel_in_range_and_masks_match_their_size()
    {
        foreach (int size in new[] { 32, 77, 300 })
        {
            var s = SynthDerm.Generate(3, size, Seed);
            Assert.Equal(3, s.Image.Channels);
            Assert.Equal(size, s.Image.Width);
            Assert.Equal(size, s.Image.Height);
            Assert.NotNull(s.Mask);
            Assert.Equal(size, s.Mask!.Width);
            foreach (float v in s.Image.Data) Assert.InRange(v, 0f, 1f);
        }
    }

    [Fact]
    public void Every_image_has_one_lesion_within_the_designed_size()
    {
        // Designed lesion area 10-45 % of the image; a lesion pushed over the border keeps most of it.
        foreach (var s in Small.Value)
            Assert.InRange(s.Mask!.ForegroundShare, 0.05, SynthDerm.MaxLesionArea + 1e-9);
        double mean = Small.Value.Average(s => s.Mask!.ForegroundShare);
        Assert.InRange(mean, 0.15, 0.35);
    }

    [Fact]
    public void Some_lesions_touch_the_border_most_do_not()
    {
        int touching = Small.Value.Count(s => ImageMeasures.TouchesBorder(s.Mask!));
        Assert.InRange(touching, 1, Small.Value.Length / 2);
    }

    [Fact]
    public void The_lesion_is_darker_than_the_skin_in_every_image()
    {
        foreach (var s in Small.Value)
        {
            var lum = ImageMeasures.Luminance(s.Image);
            var m = s.Mask!.Pixels;
            double inside = 0, outside = 0;
            int nIn = 0, nOut = 0;
            for (int i = 0; i < lum.Length; i++)
                if (m[i] != 0) { inside += lum[i]; nIn++; } else { outside += lum[i]; nOut++; }
            // The rim is at most 0.66 of the skin (times a browner tint), the core darker still; the vignette
            // darkens the skin around the lesion more than the lesion itself, hence the wide margin.
            Assert.True(inside / nIn < 0.9 * (outside / nOut), $"{s.Name}: lesion {inside / nIn:0.000}, skin {outside / nOut:0.000}");
        }
    }

    [Fact]
    public void Image_edges_lie_on_the_mask_border()
    {
        // Mean gradient magnitude on the mask border (within 1 px) against pixels 5 px or more from it.
        foreach (var s in Small.Value)
        {
            var lum = ImageMeasures.Luminance(s.Image);
            var grad = ImageMeasures.GradientMagnitude(lum, 64, 64);
            var dist = ImageMeasures.DistanceToBorder(s.Mask!, 5);
            double ring = 0, far = 0;
            int nRing = 0, nFar = 0;
            for (int y = 1; y < 63; y++)
                for (int x = 1; x < 63; x++)
                {
                    int i = y * 64 + x;
                    if (dist[i] == 1) { ring += grad[i]; nRing++; }
                    else if (dist[i] >= 5) { far += grad[i]; nFar++; }
                }
            Assert.True(ring / nRing > 2 * far / nFar, $"{s.Name}: border {ring / nRing:0.0000}, elsewhere {far / nFar:0.0000}");
        }
    }

    [Fact]
    public void Shapes_do_not_depend_on_the_resolution()
    {
        for (int i = 0; i < 10; i++)
        {
            var s64 = SynthDerm.Generate(i, 64, Seed);
            var s128 = SynthDerm.Generate(i, 128, Seed);
            Assert.True(ImageMeasures.Dice(s64.Mask!, Resize.Nearest(s128.Mask!, 64, 64)) > 0.9);
            // The mean colour of the two sizes agrees too (the scene is the same; only pixel noise differs).
            double d = Math.Abs(Mean(s64.Image) - Mean(s128.Image));
            Assert.True(d < 0.02, $"image {i}: mean differs by {d}");
        }
        static double Mean(Image im) { double s = 0; foreach (float v in im.Data) s += v; return s / im.Data.Length; }
    }

    [Fact]
    public void Sizes_out_of_range_and_negative_indices_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthDerm.Generate(0, SyntheticDatasets.MinSize - 1, Seed));
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthDerm.Generate(0, SyntheticDatasets.MaxSize + 1, Seed));
        Assert.Throws<ArgumentOutOfRangeException>(() => SynthDerm.Generate(-1, 64, Seed));
    }
}
