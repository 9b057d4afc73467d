using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class SynthCtTests
{
    private const int Seed = 2021;

    /// <summary>40 slices at 64 px, generated once for the property tests below.</summary>
    private static readonly Lazy<Sample[]> Small = new(() =>
        Enumerable.Range(0, 40).Select(i => SynthCt.Generate(i, 64, Seed)).ToArray());

    private static IEnumerable<Sample> WithLiver => Small.Value.Where(s => !s.Mask!.IsEmpty);

    [Fact]
    public void Same_inputs_give_identical_bytes_other_inputs_other_images()
    {
        var a = SynthCt.Generate(5, 80, Seed);
        Assert.Equal(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(SynthCt.Generate(5, 80, Seed).Image));
        Assert.Equal(a.Mask, SynthCt.Generate(5, 80, Seed).Mask);
        Assert.NotEqual(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(SynthCt.Generate(5, 80, Seed + 1).Image));
        Assert.NotEqual(ImageMeasures.Bytes(a.Image), ImageMeasures.Bytes(SynthCt.Generate(6, 80, Seed).Image));
        Assert.Equal("ct_000005", a.Name);
    }

    [Fact]
    public void Slices_are_one_channel_in_range()
    {
        foreach (int size in new[] { 32, 100, 300 })
        {
            var s = SynthCt.Generate(2, size, Seed);
            Assert.Equal(1, s.Image.Channels);
            Assert.Equal(size, s.Image.Width);
            Assert.Equal(size, s.Mask!.Height);
            foreach (float v in s.Image.Data) Assert.InRange(v, 0f, 1f);
        }
    }

    [Fact]
    public void About_five_percent_of_slices_have_no_liver()
    {
        const int n = 200;
        int empty = 0;
        for (int i = 0; i < n; i++)
        {
            var s = SynthCt.Generate(i, 32, Seed);
            Assert.Equal(!SynthCt.HasLiver(i, Seed), s.Mask!.IsEmpty);
            if (s.Mask.IsEmpty) empty++;
        }
        Assert.InRange(empty, n * 2 / 100, n * 10 / 100);
    }

    [Fact]
    public void Exactly_one_slice_per_block_of_twenty_is_empty_wherever_the_seed_puts_it()
    {
        var positions = new HashSet<int>();
        foreach (int seed in new[] { 1, 2, 3, 2021 })
            for (int block = 0; block < 10; block++)
            {
                var empties = Enumerable.Range(block * 20, 20).Where(i => !SynthCt.HasLiver(i, seed)).ToList();
                Assert.Single(empties);
                positions.Add(empties[0] % 20);
            }
        Assert.True(positions.Count > 5, "the empty slice is not always at the same place in its block");
    }

    [Fact]
    public void The_liver_is_a_large_organ_on_the_image_left()
    {
        Assert.True(WithLiver.Count() >= 36);
        foreach (var s in WithLiver)
        {
            var m = s.Mask!;
            Assert.InRange(m.ForegroundShare, 0.005, 0.3);
            double cx = 0;
            for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) if (m[x, y]) cx += x + 0.5;
            Assert.True(cx / m.CountForeground() < 32, $"{s.Name}: liver centre at x = {cx / m.CountForeground():0.0}");
        }
    }

    [Fact]
    public void The_liver_has_liver_intensity_and_soft_contrast_to_the_body()
    {
        foreach (var s in WithLiver)
        {
            var d = s.Image.Data;
            var m = s.Mask!.Pixels;
            double liver = 0, rest = 0;
            int nLiver = 0, nRest = 0;
            for (int i = 0; i < d.Length; i++)
            {
                if (m[i] != 0) { liver += d[i]; nLiver++; }
                else if (d[i] > 0.06f) { rest += d[i]; nRest++; }   // the body: everything but air
            }
            liver /= nLiver;
            rest /= nRest;
            // Liver 0.56-0.64 after a 40/400 HU window, with brighter vessels, partial volume and noise.
            Assert.InRange(liver, 0.52, 0.68);
            // Brighter than the fat-rich rest of the body on average, but not by much ...
            Assert.InRange(liver - rest, 0.03, 0.4);
            // ... and intensity alone does not separate it: spleen, kidneys, vessels, muscle and bowel lie within
            // about 0.12 of the liver by design, so a share of the body outside the liver looks like liver.
            int similar = 0;
            for (int i = 0; i < d.Length; i++)
                if (m[i] == 0 && d[i] > 0.06f && Math.Abs(d[i] - liver) < 0.12) similar++;
            Assert.True(similar > 0.03 * nRest, $"{s.Name}: only {similar} of {nRest} body pixels look like liver");
        }
    }

    [Fact]
    public void Image_edges_lie_on_the_liver_border()
    {
        // Gradient on the mask border (within 1 px) against the liver's inside (3 px or more from the border).
        double ringAll = 0, insideAll = 0;
        foreach (var s in WithLiver)
        {
            var grad = ImageMeasures.GradientMagnitude(ImageMeasures.Luminance(s.Image), 64, 64);
            var dist = ImageMeasures.DistanceToBorder(s.Mask!, 3);
            double ring = 0, inside = 0;
            int nRing = 0, nInside = 0;
            for (int y = 1; y < 63; y++)
                for (int x = 1; x < 63; x++)
                {
                    int i = y * 64 + x;
                    if (dist[i] == 1) { ring += grad[i]; nRing++; }
                    else if (dist[i] >= 3 && s.Mask![x, y]) { inside += grad[i]; nInside++; }
                }
            if (nInside == 0) continue;   // a small liver tip has no inside 3 px deep
            Assert.True(ring / nRing > 1.2 * inside / nInside, $"{s.Name}: border {ring / nRing:0.0000}, inside {inside / nInside:0.0000}");
            ringAll += ring / nRing;
            insideAll += inside / nInside;
        }
        Assert.True(ringAll > 2 * insideAll);
    }

    [Fact]
    public void Shapes_do_not_depend_on_the_resolution()
    {
        for (int i = 0; i < 10; i++)
        {
            var m64 = SynthCt.Generate(i, 64, Seed).Mask!;
            var m128 = SynthCt.Generate(i, 128, Seed).Mask!;
            if (m64.IsEmpty) { Assert.True(m128.IsEmpty); continue; }
            Assert.True(ImageMeasures.Dice(m64, Resize.Nearest(m128, 64, 64)) > 0.9);
        }
    }
}
