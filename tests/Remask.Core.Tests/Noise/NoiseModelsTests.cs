using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Noise;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Noise;

public class NoiseModelsTests
{
    private static readonly Mask ThreeBlobs = Mask.FromFunction(90, 70, (x, y) =>
        (x - 25) * (x - 25) + (y - 30) * (y - 30) <= 18 * 18
        || (x - 70) * (x - 70) + (y - 20) * (y - 20) <= 8 * 8
        || (x - 68) * (x - 68) + (y - 55) * (y - 55) <= 4 * 4);

    public static TheoryData<string> AllNames() => new(NoiseModels.Names.Concat(["poly5", "smooth4"]));

    [Theory]
    [MemberData(nameof(AllNames))]
    public void An_empty_mask_stays_empty(string name)
    {
        var noise = NoiseModels.Parse(name);
        for (ulong seed = 0; seed < 5; seed++)
            Assert.True(noise.Apply(Mask.Empty(33, 21), seed).IsEmpty);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Every_model_is_deterministic_for_a_seed(string name)
    {
        var noise = NoiseModels.Parse(name);
        foreach (ulong seed in new ulong[] { 0, 1, 12345 })
            Assert.Equal(noise.Apply(ThreeBlobs, seed), noise.Apply(ThreeBlobs, seed));
    }

    [Fact]
    public void Unknown_names_are_usage_errors_and_known_names_round_trip()
    {
        Assert.Throws<RemaskUsageException>(() => NoiseModels.Parse("blur"));
        Assert.Equal("poly3", NoiseModels.Parse("POLY3").Name);
        Assert.Equal("smooth", NoiseModels.Parse("smooth").Name);
        Assert.Equal("smooth9", NoiseModels.Parse("smooth9").Name);
        Assert.Equal("dilate", NoiseModels.Parse("dilate").Name);
    }

    [Fact]
    public void Dilation_with_a_fixed_radius_equals_dilating_the_whole_mask()
    {
        // Dilation distributes over the union of the components, so the per-component crops must agree with it.
        var noise = new MorphologicalNoise(new MorphologicalNoiseOptions(BorderShift.Grow, 3, 3, RelativeToObject: false));
        Assert.Equal(DiskMorphology.Dilate(ThreeBlobs, 3), noise.Apply(ThreeBlobs, 7));
    }

    [Fact]
    public void Erosion_of_well_separated_components_equals_eroding_the_whole_mask()
    {
        var noise = new MorphologicalNoise(new MorphologicalNoiseOptions(BorderShift.Shrink, 2, 2, RelativeToObject: false));
        Assert.Equal(DiskMorphology.Erode(ThreeBlobs, 2), noise.Apply(ThreeBlobs, 7));
    }

    [Fact]
    public void Relative_radius_is_sized_to_the_object()
    {
        // Equivalent radius of a disc of radius 30 is about 30; 10 % of it rounds to 3.
        var disc = RandomMasks.Disc(100, 100, 50, 50, 30);
        var noise = new MorphologicalNoise(new MorphologicalNoiseOptions(BorderShift.Grow, 0.1, 0.1));
        Assert.Equal(DiskMorphology.Dilate(disc, 3), noise.Apply(disc, 1));
        var shrink = new MorphologicalNoise(new MorphologicalNoiseOptions(BorderShift.Shrink, 0.1, 0.1));
        Assert.Equal(DiskMorphology.Erode(disc, 3), shrink.Apply(disc, 1));
    }

    [Fact]
    public void Grow_only_adds_and_shrink_only_removes()
    {
        foreach (var mask in RandomMasks.Many(seed: 21, count: 40))
        {
            var grown = NoiseModels.Parse("dilate").Apply(mask, 3);
            var shrunk = NoiseModels.Parse("erode").Apply(mask, 3);
            for (int i = 0; i < mask.Length; i++)
            {
                Assert.True(grown.Pixels[i] >= mask.Pixels[i]);
                Assert.True(shrunk.Pixels[i] <= mask.Pixels[i]);
            }
        }
    }

    [Fact]
    public void A_pure_shift_moves_the_mask_by_whole_pixels_within_the_limit()
    {
        var noise = new AffineNoise(new AffineNoiseOptions(MaxShiftFraction: 0.1, MaxScaleChange: 0, MaxRotationDegrees: 0));
        var disc = RandomMasks.Disc(60, 60, 30, 30, 10);
        for (ulong seed = 0; seed < 6; seed++)
        {
            var moved = noise.Apply(disc, seed);
            bool found = false;
            for (int dy = -6; dy <= 6 && !found; dy++)
                for (int dx = -6; dx <= 6 && !found; dx++)
                    found = moved.Equals(Mask.FromFunction(60, 60, (x, y) => (uint)(x - dx) < 60 && (uint)(y - dy) < 60 && disc[x - dx, y - dy]));
            Assert.True(found, $"seed {seed}: not a translation by at most 6 pixels");
        }
        Assert.Equal(disc, new AffineNoise(new AffineNoiseOptions(0, 0, 0)).Apply(disc, 5));
    }

    [Fact]
    public void Affine_noise_keeps_the_area_within_the_scale_limits()
    {
        var disc = RandomMasks.Disc(100, 100, 50, 50, 25);
        var noise = new AffineNoise(new AffineNoiseOptions(0.02, 0.1, 15));
        for (ulong seed = 0; seed < 10; seed++)
        {
            double ratio = (double)noise.Apply(disc, seed).CountForeground() / disc.CountForeground();
            Assert.InRange(ratio, 0.9 * 0.9 * 0.95, 1.1 * 1.1 * 1.05);
        }
    }

    [Fact]
    public void Markov_noise_changes_only_pixels_near_the_border_and_follows_its_bias()
    {
        var disc = RandomMasks.Disc(80, 80, 40, 40, 25);
        var options = new MarkovBoundaryNoiseOptions(Steps: 5);
        var noisy = new MarkovBoundaryNoise(options).Apply(disc, 11);
        Assert.NotEqual(disc, noisy);
        // Each step moves the border by at most one 4-step: a changed pixel lies within 5 pixels of the other class.
        var toForeground = SquaredDistances(disc, foreground: true);
        var toBackground = SquaredDistances(disc, foreground: false);
        for (int i = 0; i < disc.Length; i++)
        {
            if (noisy.Pixels[i] > disc.Pixels[i]) Assert.True(toForeground[i] <= 25);
            if (noisy.Pixels[i] < disc.Pixels[i]) Assert.True(toBackground[i] <= 25);
        }
        var grows = new MarkovBoundaryNoise(options with { GrowProbability = 1 }).Apply(disc, 11);
        var shrinks = new MarkovBoundaryNoise(options with { GrowProbability = 0 }).Apply(disc, 11);
        Assert.True(grows.CountForeground() > disc.CountForeground());
        Assert.True(shrinks.CountForeground() < disc.CountForeground());
        for (int i = 0; i < disc.Length; i++)
        {
            Assert.True(grows.Pixels[i] >= disc.Pixels[i]);
            Assert.True(shrinks.Pixels[i] <= disc.Pixels[i]);
        }
    }

    private static int[] SquaredDistances(Mask mask, bool foreground)
    {
        var features = new byte[mask.Length];
        for (int i = 0; i < features.Length; i++) features[i] = (mask.Pixels[i] == 1) == foreground ? (byte)1 : (byte)0;
        var d = new int[mask.Length];
        DistanceTransform.SquaredToNearest(features, mask.Width, mask.Height, d);
        return d;
    }

    [Fact]
    public void Component_drop_removes_only_small_components_and_never_the_largest()
    {
        var all = new ComponentDropNoise(new ComponentDropNoiseOptions(0.25, 1.0)).Apply(ThreeBlobs, 1);
        Assert.Equal(ComponentFilters.LargestComponent(ThreeBlobs), all);
        Assert.Equal(ThreeBlobs, new ComponentDropNoise(new ComponentDropNoiseOptions(0.25, 0.0)).Apply(ThreeBlobs, 1));
        // With a limit of 10 % of the largest (area ~1018), only the smallest blob (area ~49) can go.
        var some = new ComponentDropNoise(new ComponentDropNoiseOptions(0.1, 1.0)).Apply(ThreeBlobs, 1);
        Assert.Equal(2, ConnectedComponents.Label(some).Count);
        Assert.False(some[68, 55]);
    }

    [Fact]
    public void A_mix_picks_models_in_proportion_to_their_weights()
    {
        var mix = NoiseModels.ParseMix("clean=1,dilate=3,erode=0");
        int dilated = 0;
        const int n = 4000;
        for (ulong seed = 0; seed < n; seed++)
        {
            string picked = mix.Pick(seed).Name;
            Assert.NotEqual("erode", picked);
            if (picked == "dilate") dilated++;
        }
        Assert.InRange(dilated / (double)n, 0.72, 0.78);
        Assert.Equal(ThreeBlobs, NoiseModels.ParseMix("clean=1").Apply(ThreeBlobs, 3));
    }

    [Fact]
    public void Bad_mix_specifications_are_usage_errors()
    {
        Assert.Throws<RemaskUsageException>(() => NoiseModels.ParseMix("poly3"));
        Assert.Throws<RemaskUsageException>(() => NoiseModels.ParseMix("poly3=x"));
        Assert.Throws<RemaskUsageException>(() => NoiseModels.ParseMix("poly3=0"));
        Assert.Throws<RemaskUsageException>(() => NoiseModels.ParseMix("poly3=-1"));
        Assert.Throws<RemaskUsageException>(() => NoiseModels.ParseMix("mix=1"));
        Assert.Throws<RemaskUsageException>(() => NoiseModels.ParseMix(""));
    }

    [Fact]
    public void Seeds_for_names_depend_on_the_name_and_the_run_seed_only()
    {
        Assert.Equal(NoiseRandom.SeedFor(5, "a.png"), NoiseRandom.SeedFor(5, "a.png"));
        Assert.NotEqual(NoiseRandom.SeedFor(5, "a.png"), NoiseRandom.SeedFor(5, "b.png"));
        Assert.NotEqual(NoiseRandom.SeedFor(5, "a.png"), NoiseRandom.SeedFor(6, "a.png"));
    }

    [Fact]
    public void The_random_stream_is_fixed_for_a_seed()
    {
        // SplitMix64 reference outputs for seed 1234567 (from the algorithm's published C code).
        var r = new NoiseRandom(1234567);
        Assert.Equal(6457827717110365317UL, r.NextUInt64());
        Assert.Equal(3203168211198807973UL, r.NextUInt64());
        Assert.Equal(9817491932198370423UL, r.NextUInt64());
    }
}
