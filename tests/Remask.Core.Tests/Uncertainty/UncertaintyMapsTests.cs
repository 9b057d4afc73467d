using Remask.Core.Uncertainty;

namespace Remask.Core.Tests.Uncertainty;

public class UncertaintyMapsTests
{
    [Fact]
    public void All_one_half_gives_aleatoric_a_quarter_and_no_epistemic_part()
    {
        var maps = UncertaintyMaps.Compute(Enumerable.Repeat(0.5f, 4 * 3 * 5).ToArray(), 4, 5, 3);
        Assert.All(maps.Aleatoric, a => Assert.Equal(0.25f, a));
        Assert.All(maps.Epistemic, e => Assert.Equal(0f, e));
        Assert.All(maps.Entropy, h => Assert.Equal(Math.Log(2), h, 6));
        Assert.All(maps.MutualInformation, m => Assert.Equal(0f, m, 6));
        Assert.Equal((5, 3), (maps.Width, maps.Height));
    }

    [Fact]
    public void Identical_confident_samples_have_no_epistemic_part_and_little_aleatoric()
    {
        float[] one = [0.99f, 0.01f, 1f, 0f];
        var stack = Enumerable.Range(0, 6).SelectMany(_ => one).ToArray();
        var maps = UncertaintyMaps.Compute(stack, 6, 2, 2);
        Assert.All(maps.Epistemic, e => Assert.Equal(0f, e, 7));
        Assert.All(maps.MutualInformation, m => Assert.Equal(0f, m, 6));
        Assert.Equal(0.99 * 0.01, maps.Aleatoric[0], 6);
        Assert.Equal(0f, maps.Aleatoric[2]);
        Assert.Equal(0f, maps.Aleatoric[3]);
        Assert.Equal(one, maps.Mean);
    }

    [Fact]
    public void A_two_by_two_by_two_stack_computed_by_hand()
    {
        // Sample 0 and sample 1 of a 2 x 2 image.
        float[] stack = [0.2f, 0.9f, 0.5f, 1.0f, 0.4f, 0.7f, 0.5f, 0.0f];
        var m = UncertaintyMaps.Compute(stack, 2, 2, 2);
        static double H(double p) => p <= 0 || p >= 1 ? 0 : -p * Math.Log(p) - (1 - p) * Math.Log(1 - p);
        // Pixel 0: 0.2, 0.4. Mean 0.3; aleatoric (0.2*0.8 + 0.4*0.6)/2 = 0.20; variance (0.1² + 0.1²)/2 = 0.01.
        Assert.Equal(0.3, m.Mean[0], 6);
        Assert.Equal(0.20, m.Aleatoric[0], 6);
        Assert.Equal(0.01, m.Epistemic[0], 6);
        Assert.Equal(H(0.3), m.Entropy[0], 6);
        Assert.Equal(H(0.3) - (H(0.2) + H(0.4)) / 2, m.MutualInformation[0], 6);
        // Pixel 1: 0.9, 0.7. Mean 0.8; aleatoric (0.09 + 0.21)/2 = 0.15; variance 0.01.
        Assert.Equal(0.8, m.Mean[1], 6);
        Assert.Equal(0.15, m.Aleatoric[1], 6);
        Assert.Equal(0.01, m.Epistemic[1], 6);
        // Pixel 2: 0.5, 0.5: all aleatoric. Pixel 3: 1, 0: all epistemic, mutual information ln 2.
        Assert.Equal((0.25f, 0f), (m.Aleatoric[2], m.Epistemic[2]));
        Assert.Equal((0f, 0.25f), (m.Aleatoric[3], m.Epistemic[3]));
        Assert.Equal(Math.Log(2), m.MutualInformation[3], 6);
        Assert.Equal(0, m.MutualInformation[2], 6);
        // Aleatoric + epistemic = mean (1 - mean) at every pixel.
        for (int i = 0; i < 4; i++) Assert.Equal(m.Mean[i] * (1 - m.Mean[i]), m.Aleatoric[i] + m.Epistemic[i], 6);
    }

    [Fact]
    public void The_two_class_form_of_formula_1_has_the_sigmoid_form_on_its_diagonal()
    {
        float[] p = [0.05f, 0.3f, 0.62f, 0.97f, 0.5f];
        var twoClass = p.SelectMany(q => new[] { 1 - q, q }).ToArray();
        var u = AleatoricCovariance.Of(twoClass, p.Length, 2);
        var maps = UncertaintyMaps.Compute(p, p.Length, 1, 1);
        Assert.Equal(maps.Aleatoric[0], u[0, 0], 6);
        Assert.Equal(maps.Aleatoric[0], u[1, 1], 6);
        Assert.Equal(-maps.Aleatoric[0], u[0, 1], 6);
        Assert.Equal(-maps.Aleatoric[0], u[1, 0], 6);
        Assert.Equal(p.Average(q => (double)q * (1 - q)), u[1, 1], 6);
    }

    [Fact]
    public void Bad_stacks_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => UncertaintyMaps.Compute(new float[7], 2, 2, 2));
        Assert.Throws<ArgumentException>(() => UncertaintyMaps.Compute([0.5f, 1.5f], 2, 1, 1));
        Assert.Throws<ArgumentException>(() => UncertaintyMaps.Compute([0.5f, float.NaN], 2, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyMaps.Compute([], 0, 1, 1));
    }

    [Fact]
    public void Cumulative_sums_dataset_mean_and_relative_change()
    {
        Assert.Equal(1.5, CumulativeUncertainty.Sum([0.25f, 0.5f, 0.75f]), 12);
        Assert.Equal(2.0, CumulativeUncertainty.DatasetMean([1.0, 3.0]));
        Assert.True(double.IsNaN(CumulativeUncertainty.DatasetMean([])));
        Assert.Equal(-0.25, CumulativeUncertainty.RelativeChange(4.0, 3.0));
        Assert.True(double.IsNaN(CumulativeUncertainty.RelativeChange(0.0, 3.0)));
        var r = CumulativeUncertainty.RelativeChanges([10.0, 5.0, 6.0]);
        Assert.True(double.IsNaN(r[0]));
        Assert.Equal([-0.5, 0.2], r[1..].Select(v => Math.Round(v, 12)));
    }
}

public class VarianceDecompositionTests
{
    [Fact]
    public void Within_and_between_group_parts_add_up_to_the_variance_of_the_whole_stack()
    {
        // 2 groups of 2 samples, one pixel: group means 0.2 and 0.6 (between: 0.04), within: (0.01 + 0.04) / 2.
        float[] stack = [0.1f, 0.3f, 0.4f, 0.8f];
        var d = VarianceDecomposition.Compute(stack, 2, 2, 1, 1);
        Assert.Equal(0.04, d.BetweenGroups[0], 6);
        Assert.Equal(0.025, d.WithinGroups[0], 6);
        Assert.Equal(UncertaintyMaps.Compute(stack, 4, 1, 1).Epistemic[0], d.BetweenGroups[0] + d.WithinGroups[0], 6);
        Assert.Throws<ArgumentException>(() => VarianceDecomposition.Compute(stack, 3, 2, 1, 1));
    }
}

public class WrongLabelDetectionTests
{
    [Fact]
    public void Scores_each_map_against_noisy_xor_clean_per_image_and_pooled()
    {
        var noisy = new Remask.Core.Imaging.Mask(2, 2, [1, 1, 0, 0]);
        var clean = new Remask.Core.Imaging.Mask(2, 2, [1, 0, 0, 1]);
        var wrong = WrongLabelDetection.WrongLabels(noisy, clean);
        Assert.Equal(new byte[] { 0, 1, 0, 1 }, wrong);
        // Two samples per pixel: pixels 1 and 3 (wrong) disagree between samples, 0 and 2 do not.
        var maps = UncertaintyMaps.Compute([0.9f, 0.9f, 0.1f, 0.2f, 0.9f, 0.1f, 0.1f, 0.8f], 2, 2, 2);
        var d = new WrongLabelDetection();
        var (auroc, count) = d.Add(maps, wrong);
        Assert.Equal(2, count);
        Assert.Equal(1.0, auroc[1]);                     // epistemic: 0.16 and 0.09 against 0 and 0
        Assert.Equal(auroc, d.Pooled());
        Assert.Equal((4L, 2L), (d.Pixels, d.WrongPixels));
    }
}
