using Remask.Torch.Models;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// What a pixel-weighting strategy sees for one training batch, before the step's forward pass: the model (in
/// training mode, gradients on), images N x C x S x S and targets N x 1 x S x S as the step will train on them
/// (augmented), the samples' indices and names, <paramref name="Transforms"/> (row k was turned by
/// <see cref="Dihedral"/> transform Transforms[k]; <c>Dihedral.Inverse</c> turns a weight map back into the
/// image's orientation), the epoch (1-based) and step (0-based) of the run, its options and its folder.
/// </summary>
public sealed record PixelWeightingContext(
    UNetS Model, Tensor Images, Tensor Targets, int[] Indices, string[] Names, int[] Transforms,
    int Epoch, int Step, TrainingOptions Options, string RunDirectory);

/// <summary>
/// A strategy's answer for one batch: weights N x 1 x S x S lined up with the targets (null: unweighted), or
/// <paramref name="Skip"/> (the trainer takes no step on this batch: no forward pass, no update, and the batch does not
/// count in train_loss or images_per_second), and <paramref name="Tally"/>: values the trainer sums over the epoch's
/// steps (checkpointed, so a resumed epoch sums the same) and hands to <see cref="IPixelWeighting.EpochMetrics"/>.
/// <para><paramref name="FromForward"/>: weights that need the step's own forward pass. The trainer then runs that pass
/// (<see cref="UNetSFunctional"/> with a <see cref="ForwardRecord"/>, equal to the module's forward: the same logits,
/// dropout masks and running-statistics update), calls FromForward(record, logits) under <c>no_grad</c>, adds the tally
/// of its answer too, and trains on those logits with its weights; if that answer skips, the trainer puts the running
/// statistics and torch's generator back as they were before the pass, so a skipped batch is still no step at all.</para>
/// </summary>
public sealed record PixelWeights(Tensor? Weights, bool Skip = false, IReadOnlyDictionary<string, double>? Tally = null,
    Func<ForwardRecord, Tensor, PixelWeights>? FromForward = null)
{
    /// <summary>No weights: a plain training step.</summary>
    public static PixelWeights None { get; } = new((Tensor?)null);
}

/// <summary>
/// Per-pixel loss weights (the reweighting baseline, <see cref="Reweighting.MetaReweighting"/>), called before every
/// training step. The contract, kept by the trainer: whatever the call computes leaves the step exactly a plain
/// training step with the returned weights. The trainer saves every BatchNorm buffer (running mean and variance,
/// num_batches_tracked), torch's generator state and the model's modes before the call and restores them after it,
/// and clears the gradients; so predictions the call makes do not move the running statistics, random draws it makes
/// do not change the step's dropout masks, and the step's own forward pass moves the statistics once, as without a
/// weighting. The returned weights are detached. The call runs inside the step's dispose scope (its tensors are freed
/// with the step).
/// </summary>
public interface IPixelWeighting
{
    /// <summary>The weights for the training batch <paramref name="context"/> describes (or a skip).</summary>
    PixelWeights Weigh(PixelWeightingContext context);

    /// <summary>The epoch's extra metric values (metrics.csv columns) from the sums of the steps' tallies.</summary>
    IReadOnlyDictionary<string, double> EpochMetrics(IReadOnlyDictionary<string, double> tally);
}
