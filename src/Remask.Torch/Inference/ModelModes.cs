using Remask.Torch.Models;

namespace Remask.Torch.Inference;

/// <summary>
/// Puts a model in evaluation mode, optionally with Monte Carlo dropout (spatial dropout active, BatchNorm in
/// evaluation mode), with every BatchNorm folded into its convolution (<see cref="UNetS.FoldBatchNorm"/>), and restores the previous training flag, dropout setting and dropout row seeds on <see cref="Dispose"/>. Use with
/// <c>using</c>, so that dropout is switched off again even when the work in between throws or is cancelled.
/// </summary>
internal sealed class ModelModes : IDisposable
{
    private readonly UNetS _model;
    private readonly bool _wasTraining, _hadDropout;
    private readonly long[]? _hadSeeds;
    private readonly IDisposable _fold;
    private bool _disposed;

    private ModelModes(UNetS model, bool dropout)
    {
        _model = model;
        _wasTraining = model.training;
        _hadDropout = model.DropoutAtInference;
        _hadSeeds = model.DropoutRowSeeds;
        model.eval();
        model.DropoutAtInference = dropout;
        _fold = model.FoldBatchNorm();
    }

    /// <summary>Evaluation mode, dropout off.</summary>
    public static ModelModes Evaluation(UNetS model) => new(model, dropout: false);

    /// <summary>Evaluation mode with Monte Carlo dropout on.</summary>
    public static ModelModes MonteCarloDropout(UNetS model) => new(model, dropout: true);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _fold.Dispose();
        _model.DropoutAtInference = _hadDropout;
        _model.DropoutRowSeeds = _hadSeeds;
        _model.train(_wasTraining);
    }
}
