using Remask.Core.Uncertainty;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using static Remask.Torch.Tests.Uncertainty.EstimatorFixtures;

namespace Remask.Torch.Tests.Uncertainty;

public class TestTimeAugmentationTests
{
    [Fact]
    public void Sample_t_is_the_prediction_for_the_transformed_image_mapped_back()
    {
        using var model = TinyModel();
        var batch = Discs(3, 4);
        var tta = new TestTimeAugmentation(8).Sample(model, batch);
        int plane = 256;
        for (int t = 0; t < 8; t++)
        {
            // Transform the images by hand, predict plainly, undo the transform by hand.
            var images = new float[batch.Images.Length];
            for (int p = 0; p < batch.Count; p++)
                Dihedral.Apply<float>(batch.Images.AsSpan(p * plane, plane), images.AsSpan(p * plane, plane), 16, t);
            var probs = ModelInference.Probabilities(model, images, batch.ImageShape);
            for (int b = 0; b < batch.Count; b++)
            {
                var back = new float[plane];
                Dihedral.Apply<float>(probs.AsSpan(b * plane, plane), back, 16, Dihedral.Inverse(t));
                Assert.True(MaxDifference(back, SampleOf(tta, b, t, 8, 16)) < 1e-5f, $"transform {t}, image {b}");
            }
        }
        Assert.False(model.training);
    }

    [Fact]
    public void Tta_times_dropout_splits_the_variance_into_view_and_dropout_parts()
    {
        using var model = TinyModel();
        var est = new TtaMonteCarloDropout(views: 4, dropoutSamples: 3, seed: 2);
        var result = est.Sample(model, Discs(1));
        Assert.Equal(12 * 256, result.Length);
        var split = VarianceDecomposition.Compute(result, 4, 3, 16, 16);
        var maps = UncertaintyMaps.Compute(result, 12, 16, 16);
        for (int i = 0; i < 256; i++) Assert.Equal(maps.Epistemic[i], split.WithinGroups[i] + split.BetweenGroups[i], 5);
        Assert.True(split.WithinGroups.Max() > 0 && split.BetweenGroups.Max() > 0);
        Assert.False(model.DropoutAtInference);
    }
}
