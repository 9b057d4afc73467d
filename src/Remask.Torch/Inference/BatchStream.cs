using Remask.Core.Datasets;
using Remask.Torch.Data;

namespace Remask.Torch.Inference;

/// <summary>
/// The one batch loop of Remask: a list of index batches, assembled (loaded, resized, packed) on a background
/// thread <c>prefetch</c> batches ahead (0: on the calling thread), in order. Training passes its shuffled batches
/// with a training assembler; evaluation, prediction and the uncertainty estimators pass <see cref="Sequential"/>.
/// </summary>
internal static class BatchStream
{
    /// <summary>Batches prepared ahead by default (the same as <c>TrainingOptions.DefaultPrefetchBatches</c>).</summary>
    public const int DefaultPrefetch = 2;

    /// <summary>Indices 0..count-1 in consecutive batches of at most <paramref name="batchSize"/>.</summary>
    public static IReadOnlyList<int[]> Sequential(int count, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "at least 1");
        var batches = new List<int[]>((count + batchSize - 1) / batchSize);
        for (int start = 0; start < count; start += batchSize)
            batches.Add(Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray());
        return batches;
    }

    /// <summary>Assembles each batch of <paramref name="batches"/> with <paramref name="assemble"/>, in order,
    /// <paramref name="prefetch"/> batches ahead on a background thread.</summary>
    public static IEnumerable<Batch> Assemble(IReadOnlyList<int[]> batches, Func<int[], Batch> assemble, int prefetch,
        CancellationToken cancellation = default) =>
        Prefetcher.Stream(batches, assemble, prefetch, cancellation);

    /// <summary>Every image of the assembler's set in order, without augmentation (evaluation, prediction, uncertainty):
    /// clean masks when <paramref name="requireMasks"/>, noisy masks from <paramref name="noisy"/>.</summary>
    public static IEnumerable<Batch> Evaluation(BatchAssembler assembler, int count, int batchSize, int prefetch,
        bool requireMasks = false, Training.IMaskSource? noisy = null, CancellationToken cancellation = default) =>
        Assemble(Sequential(count, batchSize), ix => assembler.Evaluation(ix, requireMasks, noisy), prefetch, cancellation);
}
