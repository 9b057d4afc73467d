using Remask.Torch.Models;

namespace Remask.Torch.Training;

/// <summary>What an epoch hook sees: the epoch just finished (1-based), its metrics, the metrics rows of every
/// earlier epoch (<paramref name="History"/>, oldest first, with the extra values the hook added then: a hook keeps
/// its own curve there, and since the rows are checkpointed a resumed run sees the same history), the model (in
/// evaluation mode; afterwards the trainer switches it back to training mode with Monte Carlo dropout off), the
/// data and the training masks in use.</summary>
public sealed record EpochContext(
    int Epoch,
    EpochMetrics Metrics,
    IReadOnlyList<EpochMetrics> History,
    UNetS Model,
    TrainingData Data,
    IMaskSource? CurrentTrainMasks,
    TrainingOptions Options,
    string RunDirectory);

/// <summary>What an epoch hook returns: new training masks for the following epochs (null keeps the current
/// ones), extra values for this epoch's metrics row, and whether the run stops after this epoch (the run is then
/// finished: its model is this epoch's, and a resume does not train further).</summary>
public sealed record EpochHookResult(IMaskSource? NewTrainMasks = null, IReadOnlyDictionary<string, double>? Extra = null, bool Stop = false)
{
    /// <summary>Nothing to change: the same masks, no extra values, no stop.</summary>
    public static EpochHookResult Nothing { get; } = new();
}

/// <summary>
/// Called after each epoch, after evaluation and a checkpoint; the relabeling step plugs in here. A hook must
/// get the same result when called again with the same model and data (a run interrupted during the hook
/// calls it again on resume), and it may use torch's random generator (its state is checkpointed before the call).
/// </summary>
public interface IEpochHook
{
    /// <summary>
    /// Runs after epoch <see cref="EpochContext.Epoch"/>; the result may switch the training masks or stop the run.
    /// </summary>
    EpochHookResult AfterEpoch(EpochContext context, CancellationToken cancellation);
}

/// <summary>Progress of a run, reported after every step and evaluation.</summary>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Step, int Steps, double Loss, double ImagesPerSecond,
    double? LastDClean, double? LastDNoisy, string Phase);
