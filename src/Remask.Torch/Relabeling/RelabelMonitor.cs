using Remask.Core.Datasets;
using Remask.Core.Uncertainty;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

namespace Remask.Torch.Relabeling;

/// <summary>What the epoch rules read at the end of an epoch, measured on a sample of the training images at the
/// training size: S_t, the mean over images of the aleatoric uncertainty summed over each image's pixels (the paper's
/// ΣU_p), and the mean Dice between the mean prediction and the current training labels (ADELE's curve).</summary>
internal sealed record MonitorValues(double MeanCumulativeUncertainty, double LabelAgreement);

/// <summary>Measures <see cref="MonitorValues"/>, and Dice on a clean subset.</summary>
internal static class RelabelMonitor
{
    /// <param name="sampler">The estimator with the model being trained.</param>
    /// <param name="images">The monitored training images.</param>
    /// <param name="labels">The current training labels (null: the set's own masks).</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="cancellation">Stops the measurement.</param>
    public static MonitorValues Measure(IBatchSampler sampler, ISampleSet images, IMaskSource? labels, int batchSize, CancellationToken cancellation)
    {
        double cumulative = 0, agreement = 0;
        foreach (var (stack, label) in Stacks(sampler, images, labels, batchSize, cancellation))
        {
            var maps = UncertaintyMaps.Compute(stack, sampler.Samples, sampler.Size, sampler.Size);
            cumulative += CumulativeUncertainty.Sum(maps.Aleatoric);
            agreement += DiceScore.Of(maps.Mean, label);
        }
        return new MonitorValues(cumulative / images.Count, agreement / images.Count);
    }

    /// <summary>Mean Dice (in [0, 1]) of the mean prediction against clean masks (<paramref name="cleanMasks"/>, or the set's own).</summary>
    public static double CleanDice(IBatchSampler sampler, ISampleSet images, IMaskSource? cleanMasks, int batchSize, CancellationToken cancellation)
    {
        double dice = 0;
        foreach (var (stack, label) in Stacks(sampler, images, cleanMasks, batchSize, cancellation))
            dice += DiceScore.Of(UncertaintyMaps.Compute(stack, sampler.Samples, sampler.Size, sampler.Size).Mean, label);
        return dice / images.Count;
    }

    /// <summary>Each image's N x S x S stack with its label at the training size (S x S, 0/1).</summary>
    private static IEnumerable<(float[] Stack, float[] Label)> Stacks(IBatchSampler sampler, ISampleSet images, IMaskSource? labels,
        int batchSize, CancellationToken cancellation)
    {
        int plane = sampler.Size * sampler.Size, n = sampler.Samples;
        var assembler = new BatchAssembler(images, "training", sampler.Size, sampler.Channels, "the model");
        foreach (var batch in BatchStream.Evaluation(assembler, images.Count, batchSize, BatchStream.DefaultPrefetch,
                     requireMasks: labels is null, noisy: labels, cancellation: cancellation))
        {
            float[] samples = sampler.Sample(batch, cancellation);
            float[] masks = (labels is null ? batch.Masks : batch.NoisyMasks)!;
            for (int k = 0; k < batch.Count; k++)
                yield return (samples.AsSpan(k * n * plane, n * plane).ToArray(), masks.AsSpan(k * plane, plane).ToArray());
        }
    }
}
