using Remask.Core.Datasets;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Models;

namespace Remask.Torch.Training;

/// <summary>Mean Dice in percent over a test set, against its clean masks and against noisy masks (Table 1 of the paper).</summary>
public sealed record TestScores(double? DClean, double? DNoisy, int Images);

/// <summary>Scores a model on a test set at the training size (images and masks resized to Size x Size).</summary>
public static class Evaluator
{
    /// <summary>
    /// Mean Dice in percent of <paramref name="model"/>'s masks (probability ≥ <paramref name="threshold"/>) on
    /// <paramref name="test"/>: against its clean masks and against <paramref name="noisyMasks"/>, each null where
    /// those masks are missing.
    /// </summary>
    /// <param name="model">The network; in evaluation mode for the call.</param>
    /// <param name="test">The test images, with their clean masks where they have them.</param>
    /// <param name="noisyMasks">Noisy test masks by sample name (null: no D_noisy).</param>
    /// <param name="size">The training size S: images and masks are resized to S x S.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <param name="threshold">The probability at or above which a pixel is foreground.</param>
    /// <param name="prefetch">Batches prepared ahead on a background thread (0: on the calling thread).</param>
    /// <param name="cancellation">Checked before each batch.</param>
    public static TestScores Evaluate(UNetS model, ISampleSet test, IMaskSource? noisyMasks, int size, int batchSize,
        double threshold, int prefetch, CancellationToken cancellation) =>
        Evaluate(model, test, noisyMasks, size, batchSize, threshold, prefetch, SingleProcess.Instance, cancellation);

    /// <summary>
    /// The same scores from the ranks of a data-parallel run: rank r scores its contiguous share of the test images
    /// (<see cref="RankShare.Range"/>), and the per-image Dice sums (not the ranks' means) are summed over the ranks
    /// before dividing by the number of images, so every rank returns what one process computes (up to the order of
    /// the additions).
    /// </summary>
    internal static TestScores Evaluate(UNetS model, ISampleSet test, IMaskSource? noisyMasks, int size, int batchSize,
        double threshold, int prefetch, ICollective ranks, CancellationToken cancellation)
    {
        if (test.Count == 0) return new TestScores(null, null, 0);
        bool hasClean = test.Load(0).Mask is not null;
        if (!hasClean && noisyMasks is null) return new TestScores(null, null, test.Count);
        var shard = ranks.Size == 1 ? test : new SampleSubset(test, RankShare.Range(test.Count, ranks.Rank, ranks.Size));
        Span<double> sums = stackalloc double[2];
        (sums[0], sums[1]) = DiceSums(model, shard, hasClean, noisyMasks, size, batchSize, threshold, prefetch, cancellation);
        ranks.AllreduceSum(sums);
        return new TestScores(hasClean ? 100 * sums[0] / test.Count : null, noisyMasks is null ? null : 100 * sums[1] / test.Count, test.Count);
    }

    /// <summary>Σ over the images of <paramref name="test"/> of Dice against the clean masks and against the noisy ones.</summary>
    private static (double Clean, double Noisy) DiceSums(UNetS model, ISampleSet test, bool hasClean, IMaskSource? noisyMasks, int size,
        int batchSize, double threshold, int prefetch, CancellationToken cancellation)
    {
        int channels = model.Config.InChannels;
        var assembler = new BatchAssembler(test, "test", size, channels, "the training images");
        double sumClean = 0, sumNoisy = 0;
        int plane = size * size;
        using (ModelModes.Evaluation(model))
        {
            foreach (var batch in BatchStream.Evaluation(assembler, test.Count, batchSize, prefetch, hasClean, noisyMasks, cancellation))
            {
                cancellation.ThrowIfCancellationRequested();
                float[] probs = ModelInference.Probabilities(model, batch);
                for (int k = 0; k < batch.Count; k++)
                {
                    var p = probs.AsSpan(k * plane, plane);
                    if (batch.Masks is not null) sumClean += DiceScore.Of(p, batch.Masks.AsSpan(k * plane, plane), threshold);
                    if (batch.NoisyMasks is not null) sumNoisy += DiceScore.Of(p, batch.NoisyMasks.AsSpan(k * plane, plane), threshold);
                }
            }
        }
        return (sumClean, sumNoisy);
    }
}
