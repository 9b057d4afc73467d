using Remask.Core;
using Remask.Core.Relabeling;
using Remask.Core.Relabeling.EpochRules;
using Remask.Torch.Uncertainty;

namespace Remask.Torch.Relabeling;

/// <summary>When a training run relabels (issue 8, section 3; the rules are in <see cref="Core.Relabeling.EpochRules"/>).</summary>
public enum RelabelTrigger
{
    /// <summary>The paper's unsupervised rule: the confirmed minimum of the relative change of the mean cumulative uncertainty.</summary>
    Auto,
    /// <summary>ADELE's early-learning rule on the Dice between predictions and the current training labels.</summary>
    Adele,
    /// <summary>The peak of Dice on a small subset with clean masks.</summary>
    CleanSubset,
    /// <summary>A fixed epoch.</summary>
    Fixed,
}

/// <summary>
/// The relabeling settings of a training run (part of <see cref="Training.TrainingOptions"/>, so a resume with other
/// settings is refused): the uncertainty estimator, the epoch rule, how masks are flipped, and how many rounds.
/// </summary>
public sealed record RelabelOptions
{
    /// <summary>mcdo, tta or tta+mcdo (<see cref="EstimatorFactory"/>).</summary>
    public string Uncertainty { get; init; } = "mcdo";

    /// <summary>Samples per image (null: the estimator's default).</summary>
    public int? Samples { get; init; }

    /// <summary>Which epoch rule decides when to relabel, in every round (<see cref="Rule"/>).</summary>
    public RelabelTrigger Trigger { get; init; } = RelabelTrigger.Auto;

    /// <summary>The epoch of <see cref="RelabelTrigger.Fixed"/>; later rounds follow every <see cref="RoundGap"/> epochs.</summary>
    public int FixedEpoch { get; init; } = 3;

    /// <summary>Rises of Δ that confirm its minimum (<see cref="UncertaintyChangeRule.Window"/>), or epochs without a new
    /// clean-subset peak (<see cref="CleanSubsetRule.Patience"/>).</summary>
    public int ConfirmWindow { get; init; } = 1;

    /// <summary>How many times to relabel (the iterative scheme of Köhler et al.).</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Epochs between rounds: after a relabel, the next round's rule reads only the epochs since it, and fires
    /// no earlier than this many epochs later.</summary>
    public int RoundGap { get; init; } = 2;

    /// <summary>A fired round waits while the label agreement is more than this below its best since the last relabel.</summary>
    public double MaxAgreementDrop { get; init; } = 0.05;

    /// <summary>Null, or: a fired round also waits while the model is still learning, i.e. while its label agreement rose
    /// by more than this since the previous epoch (<c>--settle</c>). Cross-fitting sets it: its fold models train on half
    /// the images, and the paper's rule fired at their second epoch, a few dozen steps in, from a model that could not
    /// yet segment (synth-ct, docs/relabeling.md).</summary>
    public double? MaxAgreementGain { get; init; }

    /// <summary>Cross-fitting: a change proposed by a fold model is kept only where the models that trained on the
    /// image agree with it (<see cref="Core.Relabeling.CommitteeVeto"/>).</summary>
    public bool CommitteeVeto { get; init; } = true;

    /// <summary>How one mask is relabeled from its maps.</summary>
    public RelabelSettings Flip { get; init; } = DefaultFlip;

    /// <summary>
    /// Cross-fitting: 0 relabels in the run (the model relabels the images it trains on, the paper's scheme); K ≥ 2
    /// splits the training images into K folds and, each round, trains one model per fold on the other folds until the
    /// round's rule fires, relabels the fold with it, and finally trains the run's model from scratch on the repaired
    /// masks (<see cref="CrossFitRelabeling"/>). A model's prediction on an image it never trained on is not pulled
    /// toward that image's noisy label. This record's defaults are the paper's in-run scheme (0 folds, 2 rounds); the
    /// command line defaults to 2 folds, 1 round, <see cref="MaxAgreementGain"/> 0.05 and <see cref="CommitteeVeto"/>,
    /// which repaired heavy noise much better and left nearly-right masks alone (docs/relabeling.md, "Quality").
    /// </summary>
    public int CrossFitFolds { get; init; }

    /// <summary>Cross-fitting: the fold model that relabels is the average of its weights over its last A epochs up to
    /// the one its rule picked (<see cref="Models.WeightAverage"/>; 1: that epoch's weights alone). A model trained on
    /// noisy masks swings from epoch to epoch (test Dice by several points); the average follows the trend.</summary>
    public int AverageEpochs { get; init; } = 2;

    /// <summary>Every k-th training image is used to follow the curves the rules read (the cost of monitoring is about
    /// N/k forward passes per training image and epoch).</summary>
    public int MonitorEvery { get; init; } = 10;

    /// <summary>
    /// The default flip: the region policy (flip where the mean prediction disagrees with the label, opened with a
    /// disk of radius 1 at the training size so that thin slivers along an outline stay as they are), with a guard
    /// that declines images the model already agrees with (Dice ≥ 0.98), where under 1 % of the pixels would flip, or
    /// where the flips would erase more than half of the label's foreground. In images where that rule already adds at
    /// least a tenth of the label's area, the label also grows over the regions touching it where p is 0.08 above the
    /// map's background floor (<see cref="BackgroundFloor"/>, measured farther than 4 pixels from label and prediction).
    /// Where the pass has the image, the repaired outline is then snapped to its edges within 2 pixels by a graph cut whose outline costs 16 per pixel through flat texture (<see cref="EdgeSnap"/>)
    /// in those images, and in every image when the labels' outlines cut across the image's edges (median ratio below 0.45,
    /// <see cref="OutlineAlignment"/>), and changed regions whose colours are 2 standard errors on the side they were taken from are set back
    /// (<see cref="AppearanceCheck"/>). Foreground a repair would add apart from the label is dropped (<see cref="ApartObjects"/>).
    /// docs/relabeling.md, "Quality", says how it was chosen and what it gives.
    /// </summary>
    public static RelabelSettings DefaultFlip { get; } = new(FlipPolicy.Region, Delta: null, Margin: 0, OpeningRadius: 1,
        Guard: new GuardSettings(AgreementDice: 0.98, MinFlipShare: 0.01, ThinRadius: null, MaxOutlineShare: null, MinKeptShare: 0.5),
        FloorMargin: 0.08, FloorRadius: 4, FloorEvidence: 0.1, SnapRadius: 2, SnapWeight: RelabelSettings.DefaultSnapWeight, AppearanceZ: 2, SnapAlignment: 0.45, AddObjects: false);

    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: an unknown estimator or trigger, counts of
    /// epochs, rounds, folds or images that are too small, a negative agreement change, or flip settings out of range.
    /// </summary>
    public void Validate()
    {
        _ = EstimatorFactory.Create(Uncertainty, Samples, 0);
        if (!Enum.IsDefined(Trigger)) throw new RemaskUsageException($"unknown relabel trigger {Trigger}");
        if (Trigger == RelabelTrigger.Fixed && FixedEpoch < 1) throw new RemaskUsageException($"--relabel-at: the epoch must be 1 or more, got {FixedEpoch}");
        if (ConfirmWindow < 1) throw new RemaskUsageException($"the confirmation window must be 1 or more epochs, got {ConfirmWindow}");
        if (Rounds < 1) throw new RemaskUsageException($"--rounds must be 1 or more, got {Rounds}");
        if (RoundGap < 1) throw new RemaskUsageException($"the gap between rounds must be 1 or more epochs, got {RoundGap}");
        if (MaxAgreementGain is double g && !(g >= 0)) throw new RemaskUsageException($"--settle must be 0 or more, got {g}");
        if (!(MaxAgreementDrop >= 0)) throw new RemaskUsageException($"the agreement drop that defers a relabel must be 0 or more, got {MaxAgreementDrop}");
        if (CrossFitFolds is < 0 or 1) throw new RemaskUsageException($"--cross-fit: 0 (relabel in the run) or 2 or more folds, got {CrossFitFolds}");
        if (AverageEpochs < 1) throw new RemaskUsageException($"--average-epochs must be 1 or more, got {AverageEpochs}");
        if (MonitorEvery < 1) throw new RemaskUsageException($"monitor every k-th image: k must be 1 or more, got {MonitorEvery}");
        Flip.Validate();
    }

    /// <summary>The rule for round <paramref name="round"/> (1-based).</summary>
    public IEpochRule Rule(int round) => Trigger switch
    {
        RelabelTrigger.Auto => new UncertaintyChangeRule(ConfirmWindow),
        RelabelTrigger.Adele => new AdeleRule(),
        RelabelTrigger.CleanSubset => new CleanSubsetRule(ConfirmWindow),
        RelabelTrigger.Fixed => new FixedEpochRule(round == 1 ? FixedEpoch : RoundGap),
        _ => throw new RemaskUsageException($"unknown relabel trigger {Trigger}"),
    };
}
