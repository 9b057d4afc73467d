using Remask.Core;
using Remask.Torch.Data;
using Remask.Torch.Training;

namespace Remask.Torch.Reweighting;

/// <summary>
/// The clean batch of each training step: min(B_c, subset size) images of the clean subset, B_c =
/// <see cref="ReweightOptions.CleanBatchSize"/> or the run's batch size, drawn without replacement, with the run's
/// augmentation, by <see cref="BatchAssembler.Training"/> (the subset's clean masks). The images and their augmentation
/// are a pure function of (seed, epoch, step), so a resumed run sees the same clean batches.
/// <para>Each call starts assembling the batch of the next step on a worker thread, as the trainer prefetches its
/// training batches, so that it is ready when asked for (a batch asked for out of that order is assembled on the caller's
/// thread); the answer is the same either way. Not for concurrent callers.</para>
/// </summary>
internal sealed class CleanBatches
{
    private readonly CleanSubset _clean;
    private readonly TrainingOptions _options;
    private readonly BatchAssembler _assembler;
    private readonly int _count;

    public CleanBatches(CleanSubset clean, TrainingOptions options, int channels)
    {
        if (clean.Images.Count == 0) throw new RemaskUsageException("--clean-subset: no images");
        _clean = clean;
        _options = options;
        _assembler = new BatchAssembler(clean.Images, "clean subset", options.Size, channels, "the training images");
        _count = Math.Min(options.Reweight?.CleanBatchSize ?? options.BatchSize, clean.Images.Count);
        // BatchNorm in training mode needs more than one value per channel: one image with a 1 x 1 bottleneck has one.
        if (_count == 1 && options.Size >> (options.Widths.Count - 1) == 1)
            throw new RemaskUsageException("--clean-subset: a clean batch of one image cannot pass BatchNorm at this --size; give at least two clean images");
    }

    private (int Epoch, int Step, Task<Batch> Batch)? _next;

    public Batch For(int epoch, int step)
    {
        var next = _next;
        _next = null;
        Batch batch = next is { } n && n.Epoch == epoch && n.Step == step ? n.Batch.GetAwaiter().GetResult() : Assemble(epoch, step);
        if (next is { } stale && (stale.Epoch, stale.Step) != (epoch, step)) stale.Batch.ContinueWith(_ => { }).Wait();   // one assembly at a time
        _next = (epoch, step + 1, Task.Run(() => Assemble(epoch, step + 1)));
        return batch;
    }

    private Batch Assemble(int epoch, int step)
    {
        int[] pick = new SeedSequence(_options.Seed, 0xC1EB, epoch, step).Permutation(_clean.Images.Count)[.._count];
        long augmentationSeed = (long)new SeedSequence(_options.Seed, 0xC1EC, step).NextUInt64();
        return _assembler.Training(pick, _clean.Masks, _options.Augmentation, augmentationSeed, epoch);
    }
}
