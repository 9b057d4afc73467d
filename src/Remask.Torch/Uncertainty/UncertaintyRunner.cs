using Remask.Core.Datasets;
using Remask.Core.Uncertainty;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Runtime;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// N probability maps of one image at the training size: <see cref="Stack"/> is N x S x S (sample n at offset n·S·S),
/// in the image's frame; <see cref="Width"/> x <see cref="Height"/> is the image's original size.
/// </summary>
public sealed record ImageStack(int Index, string Name, int Width, int Height, int Size, int Samples, float[] Stack)
{
    /// <summary>The uncertainty maps at the training size (S x S): what the relabeling step uses.</summary>
    public UncertaintyMaps Maps() => UncertaintyMaps.Compute(Stack, Samples, Size, Size);

    /// <summary>The stack resized to the original size (bilinear, each sample), N x H x W.</summary>
    public float[] StackAtOriginalSize() => OriginalSize.Stack(Stack, Samples, Size, Width, Height);

    /// <summary>The uncertainty maps of the resized stack, at the image's original size.</summary>
    public UncertaintyMaps MapsAtOriginalSize() => UncertaintyMaps.Compute(StackAtOriginalSize(), Samples, Width, Height);
}

/// <summary>
/// Runs a sampler over every image of a set, in order, through the one batch loop (<see cref="BatchStream"/>):
/// images resized to the training size, batches prepared ahead on a background thread, one <see cref="ImageStack"/>
/// per image.
/// </summary>
/// <example>
/// Eight Monte Carlo dropout samples of every image of a set, with a trained model (samples/QuickStart):
/// <code>
/// var estimator = new BoundEstimator(new MonteCarloDropout(samples: 8, seed: 1), model, size: 64);
/// foreach (ImageStack stack in UncertaintyRunner.Run(estimator, images, batchSize: 16))
/// {
///     var maps = stack.MapsAtOriginalSize();
///     Console.WriteLine($"{stack.Name}: mean aleatoric {maps.Aleatoric.Average():F4}");
/// }
/// </code>
/// </example>
public static class UncertaintyRunner
{
    /// <summary>Each image's stack of <paramref name="sampler"/>'s probabilities, in the set's order.</summary>
    /// <param name="sampler">The estimator with its model(s).</param>
    /// <param name="set">The images.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="prefetch">Batches prepared ahead on a background thread.</param>
    /// <param name="cancellation">Stops the loop.</param>
    public static IEnumerable<ImageStack> Run(IBatchSampler sampler, ISampleSet set, int batchSize = 16,
        int prefetch = BatchStream.DefaultPrefetch, CancellationToken cancellation = default) =>
        Run(sampler, null, set, batchSize, prefetch, cancellation).Select(p => p.Stack);

    /// <summary>The same, with a second sampler run on the same batches (each image read and resized once): its stack
    /// of each image beside the first's, or null without one. Both samplers must take the same size and channels.</summary>
    public static IEnumerable<(ImageStack Stack, ImageStack? Second)> Run(IBatchSampler sampler, IBatchSampler? second, ISampleSet set,
        int batchSize = 16, int prefetch = BatchStream.DefaultPrefetch, CancellationToken cancellation = default)
    {
        if (second is not null && (second.Size != sampler.Size || second.Channels != sampler.Channels))
            throw new ArgumentException($"the second sampler takes {second.Channels} channel(s) at {second.Size} px, the first {sampler.Channels} at {sampler.Size}", nameof(second));
        NativeMemoryTuning.Apply();
        int size = sampler.Size, plane = size * size;
        var assembler = new BatchAssembler(set, "input", size, sampler.Channels, "the model");
        foreach (var batch in BatchStream.Evaluation(assembler, set.Count, batchSize, prefetch, cancellation: cancellation))
        {
            cancellation.ThrowIfCancellationRequested();
            float[] samples = sampler.Sample(batch, cancellation);
            float[]? secondSamples = second?.Sample(batch, cancellation);
            for (int k = 0; k < batch.Count; k++)
            {
                yield return (Stack(batch, k, sampler.Samples, samples), secondSamples is null ? null : Stack(batch, k, second!.Samples, secondSamples));
            }
        }

        ImageStack Stack(Batch batch, int k, int n, float[] all)
        {
            var (w, h) = batch.OriginalSizes[k];
            return new ImageStack(batch.Indices[k], batch.Names[k], w, h, size, n, all.AsSpan(k * n * plane, n * plane).ToArray());
        }
    }
}
