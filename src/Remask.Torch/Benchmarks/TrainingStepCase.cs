using Remask.Torch.Data;
using Remask.Torch.Models;
using Remask.Torch.Runtime;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Benchmarks;

/// <summary>
/// The training step of <see cref="Trainer"/> as a timed call: U-Net-S with the default <see cref="TrainingOptions"/>
/// (reference widths, channels-last, dropout), in training mode, on one batch held in memory; each
/// <see cref="Step"/> makes the batch's tensors, runs forward, BCE + soft Dice (<see cref="SegmentationLoss"/>),
/// backward and one <see cref="ScalarSafeAdam"/> update (<see cref="TrainingStep"/>), in a dispose scope, as the
/// trainer does. The allocator is tuned as for training (<see cref="NativeMemoryTuning"/>).
/// </summary>
internal sealed class TrainingStepCase : IDisposable
{
    private readonly UNetS _model;
    private readonly ScalarSafeAdam _adam;

    /// <param name="batch">The batch every step trains on (images and masks).</param>
    /// <param name="seed">Seed of the initial weights.</param>
    public TrainingStepCase(Batch batch, long seed = 1)
    {
        if (batch.Masks is null) throw new ArgumentException("a training batch needs masks", nameof(batch));
        NativeMemoryTuning.Apply();
        Batch = batch;
        var options = new TrainingOptions();
        manual_seed(seed);
        _model = new UNetS(options.ModelConfig(batch.Channels));
        _model.train();
        _adam = new ScalarSafeAdam(_model.parameters(), options.LearningRate);
    }

    public Batch Batch { get; }

    /// <summary>One training step; returns its loss (finite unless the weights diverged).</summary>
    public float Step()
    {
        using var scope = NewDisposeScope();
        var x = tensor(Batch.Images, Batch.ImageShape);
        var y = tensor(Batch.Masks!, Batch.MaskShape);
        return TrainingStep.Take(_model, _adam, x, y).item<float>();
    }

    public void Dispose()
    {
        _adam.Dispose();
        _model.Dispose();
    }
}
