namespace Remask.Core.Relabeling.EpochRules;

/// <summary>Which per-epoch series an <see cref="IEpochRule"/> reads.</summary>
public enum EpochSeries
{
    /// <summary>No values: only the length of the series (the current epoch) matters.</summary>
    None,

    /// <summary>S_t: the mean over training images of the uncertainty summed over each image's pixels (the paper's ΣU_p).</summary>
    MeanCumulativeUncertainty,

    /// <summary>Dice of the predictions on a small subset with clean masks.</summary>
    CleanSubsetDice,

    /// <summary>Dice between the predictions and the current training labels (ADELE).</summary>
    TrainingLabelDice,
}

/// <summary>The answer to "relabel now, at the end of epoch t?".</summary>
/// <param name="Fire">True only at the first epoch whose history meets the rule.</param>
/// <param name="Epoch">t, the current epoch (1-based): the length of the series.</param>
/// <param name="PickedEpoch">The epoch the rule points at (the minimum of Δ, the Dice peak, the epoch of the slope drop, the fixed epoch); null until it fires.</param>
/// <param name="Reason">One line for the log and <c>metrics.json</c>.</param>
public sealed record EpochDecision(bool Fire, int Epoch, int? PickedEpoch, string Reason);

/// <summary>
/// When to relabel. A rule is a pure function of the history up to the current epoch: series[i] is the value at
/// the end of epoch i + 1, so series.Count is the current epoch t. It fires at the first epoch whose history meets
/// its condition and at no other, so a resumed run that recomputes the decision from the checkpointed history gets
/// the same answer; no state is kept between calls. For another round, pass the history since the last relabel.
/// </summary>
public interface IEpochRule
{
    /// <summary>Short name for logs and <c>metrics.json</c> (auto, clean-subset, adele, fixed).</summary>
    string Name { get; }

    /// <summary>The series <see cref="Decide"/> expects.</summary>
    EpochSeries Series { get; }

    /// <summary>
    /// The decision at epoch t = <c>series.Count</c>: fire when t is the first epoch whose history meets the rule.
    /// </summary>
    /// <param name="series">
    /// The history of <see cref="Series"/>, at least one epoch: series[i] is its value at the end of epoch i + 1.
    /// </param>
    /// <exception cref="RemaskUsageException">The rule's parameters are out of range.</exception>
    /// <exception cref="ArgumentException">The history is empty, or a value is not finite or out of range.</exception>
    EpochDecision Decide(IReadOnlyList<double> series);
}
