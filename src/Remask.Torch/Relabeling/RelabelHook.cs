using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Relabeling.EpochRules;
using Remask.Torch.Models;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

namespace Remask.Torch.Relabeling;

/// <summary>
/// The relabeling step of a training run (the paper's Fig. 1, section 3.2), as an epoch hook. After every epoch until
/// the last round: the curves of <see cref="RelabelMonitor"/> on every k-th training image (and Dice on the clean subset,
/// if any) go into the metrics row; the round's <see cref="IEpochRule"/> reads them (the epochs since the previous
/// relabel, from the checkpointed history, so a resumed run decides the same); when it fires, <see cref="RelabelPass"/>
/// writes RUN/relabeled-round-K/ and RUN/relabeled/ (the latest masks, NAME.png), RUN/relabel-round-K.csv and
/// RUN/label-quality.csv, and training continues on the new masks. RUN/uncertainty-curve.csv follows every epoch.
/// Dropout masks are seeded from (seed, epoch), so the same model gives the same masks. A round whose rule has fired
/// waits while the model is unhealthy: while its Dice with the current labels (on the monitored images) is more than
/// <see cref="RelabelOptions.MaxAgreementDrop"/> below its best since the last relabel (a loss spike would otherwise
/// redraw every mask from a collapsed model); with <see cref="RelabelOptions.MaxAgreementGain"/> it also waits while the
/// model is still learning the labels fast.
/// </summary>
public sealed class RelabelHook(RelabelOptions options, long seed) : IEpochHook
{
    /// <summary>
    /// The keys of the values this hook adds to an epoch's metrics row (<see cref="EpochMetrics.Extra"/>): the curves
    /// (S_t, its relative change Δ_t, the Dice with the current labels, the clean-subset Dice), the seconds monitoring
    /// took, and after a relabel the round, the epoch the rule picked, the pixels turned to foreground and to
    /// background, the images the guard declined, the seconds relabeling took and, where measured, the masks' Dice with
    /// the clean masks before and after, the change precision and recall and the outline alignment;
    /// <c>relabel_deferred</c> is 1 when a fired rule waited for the model's agreement with the labels to recover.
    /// </summary>
    public const string MeanCumulativeKey = "mean_cumulative_u", RelativeChangeKey = "relative_change", AgreementKey = "label_agreement",
        CleanSubsetKey = "clean_subset_dice", RoundKey = "relabel_round", PickedKey = "relabel_picked_epoch",
        ToForegroundKey = "relabel_to_foreground", ToBackgroundKey = "relabel_to_background", DeclinedKey = "relabel_declined",
        DeferredKey = "relabel_deferred", MonitorSecondsKey = "monitor_seconds", RelabelSecondsKey = "relabel_seconds", DiceBeforeKey = "masks_dice_before", DiceAfterKey = "masks_dice_after", PrecisionKey = "change_precision", RecallKey = "change_recall", AlignmentKey = "outline_alignment";

    /// <summary>Small subset with clean masks (needed by <see cref="RelabelTrigger.CleanSubset"/>).</summary>
    public CleanSubset? Clean { get; init; }

    /// <summary>Score each pass against the training images' own dataset masks (when the run trains on other, noisy
    /// masks and the dataset's are clean: benchmarks). Only reported, never used to decide.</summary>
    public bool ScoreAgainstDatasetMasks { get; init; }

    /// <summary>Opens a folder of masks that this hook wrote (reads 0/255 PNGs).</summary>
    public required Func<string, IMaskSource> OpenMaskFolder { get; init; }

    /// <summary>Images relabeled so far and in all, during a relabel pass (null: not reported).</summary>
    public IProgress<(int Done, int Total)>? Progress { get; init; }

    /// <summary>When the round's rule fires, stop training instead of relabeling the training images: the run's model
    /// is then the one the rule picked (a fold model of <see cref="CrossFitRelabeling"/>, which relabels the images this
    /// model did not train on). The row records the round and the picked epoch as a relabel would.</summary>
    public bool StopWhenFired { get; init; }

    /// <inheritdoc/>
    public EpochHookResult AfterEpoch(EpochContext context, CancellationToken cancellation)
    {
        var history = context.History;
        int rounds = history.Count(r => r.Extra.ContainsKey(RoundKey));
        if (rounds >= options.Rounds) return EpochHookResult.Nothing;
        int lastRelabel = history.LastOrDefault(r => r.Extra.ContainsKey(RoundKey))?.Epoch ?? 0;

        if (StopWhenFired && options.AverageEpochs > 1) Snapshots.Save(context.RunDirectory, context.Model, context.Epoch, options.AverageEpochs);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var estimator = EstimatorFactory.Create(options.Uncertainty, options.Samples, seed * 1000 + context.Epoch);
        var sampler = new BoundEstimator(estimator, context.Model, context.Options.Size);
        var monitored = SampleSubset.EveryKth(context.Data.Train, options.MonitorEvery);
        var values = RelabelMonitor.Measure(sampler, monitored, context.CurrentTrainMasks, context.Options.BatchSize, cancellation);
        var extra = new Dictionary<string, double>
        {
            [MeanCumulativeKey] = values.MeanCumulativeUncertainty,
            [AgreementKey] = values.LabelAgreement,
        };
        if (history.Count > 0 && history[^1].Extra.TryGetValue(MeanCumulativeKey, out double previous) && previous > 0)
            extra[RelativeChangeKey] = (values.MeanCumulativeUncertainty - previous) / previous;
        if (Clean is not null)
            extra[CleanSubsetKey] = RelabelMonitor.CleanDice(sampler, Clean.Images, Clean.Masks, context.Options.BatchSize, cancellation);

        extra[MonitorSecondsKey] = clock.Elapsed.TotalSeconds;
        var rule = options.Rule(rounds + 1);
        var series = history.Where(r => r.Epoch > lastRelabel).Select(r => SeriesValue(rule, r.Extra))
            .Append(SeriesValue(rule, extra)).ToList();
        var decision = rule.Decide(series);
        var earlier = history.Where(r => r.Epoch > lastRelabel).Select(r => r.Extra[AgreementKey]).ToList();
        bool relabel = ShouldRelabel(decision, earlier, values.LabelAgreement, options.MaxAgreementDrop, out bool deferred, options.MaxAgreementGain);
        if (deferred) extra[DeferredKey] = 1;
        if (!relabel)
        {
            CurveFile.Write(context.RunDirectory, history, extra, context.Epoch);
            return new EpochHookResult(Extra: extra);
        }

        clock.Restart();
        int round = rounds + 1;
        if (StopWhenFired)
        {
            // The run ends here; its model (model.pt) becomes the average of the last epochs' weights.
            if (options.AverageEpochs > 1) WeightAverage.Into(context.Model, Snapshots.Last(context.RunDirectory, context.Epoch, options.AverageEpochs));
            extra[RoundKey] = round;
            extra[PickedKey] = decision.PickedEpoch is int at ? lastRelabel + at : context.Epoch;
            CurveFile.Write(context.RunDirectory, history, extra, context.Epoch);
            return new EpochHookResult(Extra: extra, Stop: true);
        }
        string folder = Path.Combine(context.RunDirectory, $"relabeled-round-{round}");
        var pass = RelabelPass.Run(sampler, context.Data.Train, context.CurrentTrainMasks,
            ScoreAgainstDatasetMasks ? sample => sample.Mask : null, options.Flip, folder, overwrite: true,
            context.Options.BatchSize, Progress, cancellation);
        RelabelFiles.Write(context.RunDirectory, round, pass, RelabelFiles.VolumesOf(context.Data));
        var s = pass.Summary;
        extra[RoundKey] = round;
        extra[RelabelSecondsKey] = clock.Elapsed.TotalSeconds;
        extra[PickedKey] = decision.PickedEpoch is int picked ? lastRelabel + picked : context.Epoch;
        extra[ToForegroundKey] = s.ToForeground;
        extra[ToBackgroundKey] = s.ToBackground;
        extra[DeclinedKey] = s.Declined;
        if (s.MasksDiceBefore is double before) extra[DiceBeforeKey] = before;
        if (s.MasksDiceAfter is double after) extra[DiceAfterKey] = after;
        if (s.ChangePrecision is double precision) extra[PrecisionKey] = precision;
        if (s.ChangeRecall is double recall) extra[RecallKey] = recall;
        if (s.OutlineAlignment is double alignment) extra[AlignmentKey] = alignment;
        CurveFile.Write(context.RunDirectory, history, extra, context.Epoch);
        return new EpochHookResult(OpenMaskFolder(folder), extra);
    }

    /// <summary>
    /// Relabel now? Yes when the round's rule has fired, now or at an earlier epoch of this round (a deferred round), and
    /// the model is healthy: its label agreement is at most <paramref name="maxDrop"/> below the best of
    /// <paramref name="earlierAgreements"/> (this round's earlier epochs). A rule that fired while the model had
    /// collapsed (a training spike) waits for a healthy epoch. With <paramref name="maxGain"/>, it also waits while the
    /// model is still learning: while its agreement rose by more than <paramref name="maxGain"/> since the previous epoch
    /// (an early model, a few dozen steps in, is far from what it will be a few epochs later). Pure, so a resumed run
    /// decides the same.
    /// </summary>
    public static bool ShouldRelabel(EpochDecision decision, IReadOnlyList<double> earlierAgreements, double agreement, double maxDrop,
        out bool deferred, double? maxGain = null)
    {
        bool healthy = earlierAgreements.Count == 0 || agreement >= earlierAgreements.Max() - maxDrop;
        bool settled = maxGain is not double gain || earlierAgreements.Count == 0 || agreement - earlierAgreements[^1] <= gain;
        deferred = decision.PickedEpoch is not null && !(healthy && settled);
        return decision.PickedEpoch is not null && healthy && settled;
    }

    private static double SeriesValue(IEpochRule rule, IReadOnlyDictionary<string, double> extra) => rule.Series switch
    {
        EpochSeries.MeanCumulativeUncertainty => extra[MeanCumulativeKey],
        EpochSeries.TrainingLabelDice => extra[AgreementKey],
        EpochSeries.CleanSubsetDice => extra.TryGetValue(CleanSubsetKey, out double d) ? d
            : throw new Core.RemaskUsageException("the clean-subset rule needs --clean-subset"),
        _ => 0,
    };
}
