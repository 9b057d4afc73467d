using System.Text;
using System.Text.Json;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Remask.Core.Relabeling;
using Remask.Torch.Data;
using Remask.Torch.Interchange;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

namespace Remask.Torch.Relabeling;

/// <summary>One fold of a cross-fitted round: the model trained on the other folds, the epoch its rule picked (null:
/// the rule did not fire and the model is that of the last epoch) and its test D_clean there (null without a test split).</summary>
public sealed record CrossFitFold(int Round, int Fold, int TrainImages, int RelabeledImages, int StopEpoch, int? PickedEpoch, double? TestDClean);

/// <summary>A finished round: its folds and the totals of relabeling all training images once (with a clean subset
/// that refuted the repair: no change, every label kept). <see cref="CleanSubset"/>: the clean-subset check's verdict,
/// null without a clean subset.</summary>
public sealed record CrossFitRound(int Round, IReadOnlyList<CrossFitFold> Folds, RelabelPassSummary Summary)
{
    /// <summary>The clean-subset check's verdict on the round's repair; null without a clean subset.</summary>
    public CleanSubsetVerdict? CleanSubset { get; init; }
}

/// <summary>
/// Cross-fitted relabeling (<c>--cross-fit K</c>): the relabel predictions for an image come from a model that never
/// trained on it, as cleanlab requires out-of-sample predicted probabilities. The training images are split into K
/// folds by the run's seed. Each round r = 1..R: for each fold k, a fresh U-Net-S trains on the other folds' current
/// masks (RUN/cross-fit/round-r/fold-k/, a run of its own with checkpoints) until the round's epoch rule fires on its
/// own monitoring curves (<see cref="RelabelHook.StopWhenFired"/>; at most the run's epochs). When all K are trained,
/// fold model k's estimator maps relabel fold k's current masks (<see cref="RelabelPass"/>, the run's flip policy and
/// guard), and the other K - 1 models, which trained on those images, may veto each change
/// (<see cref="RelabelOptions.CommitteeVeto"/>; one weak fold model then cannot redraw its fold alone). The K parts make
/// RUN/relabeled-round-r/ (and RUN/relabeled/, RUN/relabel-round-r.csv, RUN/label-quality.csv after round 1, as
/// in-run relabeling writes them), and RUN/cross-fit.csv gets a row per fold. The caller then trains the run's model
/// from scratch on the last round's masks.
/// <para>Resumable, also after kill -9: a finished round (its round.json and mask folder exist) is read back; an
/// interrupted fold run resumes from its checkpoint (one killed before its first checkpoint starts again); the relabel
/// passes of an unfinished round run again (dropout is seeded, so they give the same masks), replacing what a killed
/// pass left.</para>
/// </summary>
public sealed class CrossFitRelabeling(TrainingData data, TrainingOptions options, string runDirectory)
{
    /// <summary>RUN/cross-fit/, the folder of the fold runs, and RUN/cross-fit.csv, one row per fold.</summary>
    public const string FolderName = "cross-fit", TableFile = "cross-fit.csv";
    private const string RoundFile = "round.json";

    private RelabelOptions Relabel { get; } = options.Relabel is { CrossFitFolds: >= 2 } r ? r
        : throw new RemaskUsageException("cross-fitted relabeling needs relabel options with 2 or more folds");

    /// <summary>Reopens a folder of masks this class wrote (0/255 PNGs).</summary>
    public required Func<string, IMaskSource> OpenMaskFolder { get; init; }

    /// <summary>Score each pass against the training images' own dataset masks (benchmarks; never used to decide).</summary>
    public bool ScoreAgainstDatasetMasks { get; init; }

    /// <summary>Clean subset for <see cref="RelabelTrigger.CleanSubset"/> (monitored by every fold model).</summary>
    public CleanSubset? Clean { get; init; }

    /// <summary>Runs one fold's training (the caller's progress display): given the training with a progress callback,
    /// a description of the fold and its maximum epochs.</summary>
    public Func<Func<Action<TrainingProgress>, TrainingResult>, string, int, TrainingResult> Train { get; init; } = (train, _, _) => train(_ => { });

    /// <summary>Progress of each fold's relabel pass (done, total) and a description.</summary>
    public Action<string, int, int>? RelabelProgress { get; init; }

    /// <summary>The fold (0..K-1) of each training image: a permutation seeded by the run's seed, dealt round-robin,
    /// so the folds differ in size by at most one image.</summary>
    public static int[] Folds(int count, int folds, long seed)
    {
        if (folds < 2 || count < folds) throw new RemaskUsageException($"--cross-fit {folds}: needs at least {Math.Max(folds, 2)} training images, got {count}");
        int[] order = new SeedSequence(seed, 0xF01D).Permutation(count);
        var fold = new int[count];
        for (int i = 0; i < count; i++) fold[order[i]] = i % folds;
        return fold;
    }

    /// <summary>Runs (or finishes) every round; returns the masks of the last round and the rounds.</summary>
    public (IMaskSource Masks, IReadOnlyList<CrossFitRound> Rounds) Run(CancellationToken cancellation = default)
    {
        Relabel.Validate();
        using var runLock = RunLock.Acquire(runDirectory);   // re-entrant: the command that prepared the folder may hold it
        int n = data.Train.Count, k = Relabel.CrossFitFolds;
        int[] fold = Folds(n, k, options.Seed);
        IMaskSource? masks = data.TrainMasks;
        var rounds = new List<CrossFitRound>();
        for (int round = 1; round <= Relabel.Rounds; round++)
        {
            string roundDir = Path.Combine(runDirectory, FolderName, $"round-{round}");
            string merged = RelabelFiles.RoundFolder(runDirectory, round);
            if (ReadRound(roundDir) is { } done && Directory.Exists(merged))
            {
                rounds.Add(done);
                // a kill between round.json and the table leaves the table a round short
                WriteTable(runDirectory, rounds);
                masks = OpenMaskFolder(merged);
                if (done.CleanSubset is { Kept: false }) break;           // as when it ran: a refused round ends the rounds
                continue;
            }
            var tally = new RelabelTally(Relabel.Flip);
            var folds = new List<CrossFitFold>();
            var models = new List<Models.UNetS>();
            try
            {
                for (int f = 0; f < k; f++)
                {
                    int[] trainIdx = Enumerable.Range(0, n).Where(i => fold[i] != f).ToArray();
                    string foldDir = Path.Combine(roundDir, $"fold-{f + 1}");
                    var result = TrainFold(new SampleSubset(data.Train, trainIdx), masks, foldDir, $"cross-fit round {round}/{Relabel.Rounds}, fold {f + 1}/{k}", cancellation);
                    models.Add(result.Model);
                    result.Model.eval();
                    var last = result.Epochs[^1];
                    folds.Add(new CrossFitFold(round, f + 1, trainIdx.Length, n - trainIdx.Length, last.Epoch,
                        last.Extra.TryGetValue(RelabelHook.PickedKey, out double picked) ? (int)picked : null, last.DClean));
                }
                if (Relabel.Flip.SnapsByAlignment)
                    tally.SetAlignment(OutlineAlignment.Median(MeasureAlignment(round, fold, k, models, masks, cancellation)));
                for (int f = 0; f < k; f++)
                {
                    int[] heldIdx = Held(fold, f);
                    string foldDir = Path.Combine(roundDir, $"fold-{f + 1}");
                    var estimator = EstimatorFactory.Create(Relabel.Uncertainty, Relabel.Samples, (options.Seed * 1000 + round) * 100 + f);
                    var held = new SampleSubset(data.Train, heldIdx);
                    string label = $"relabeling round {round}, fold {f + 1}/{k}";
                    // The models of the other folds trained on these images: their vote can undo this fold model's changes.
                    using var committee = Relabel.CommitteeVeto ? DeepEnsemble.Committee(models.Where((_, g) => g != f).ToList(), options.Size) : null;
                    RelabelPass.Run(new BoundEstimator(estimator, models[f], options.Size), held, masks,
                        ScoreAgainstDatasetMasks ? s => s.Mask : null, Relabel.Flip, Path.Combine(foldDir, RelabelFiles.LatestFolder), overwrite: true,
                        options.BatchSize, RelabelProgress is null ? null : new SynchronousProgress<(int Done, int Total)>(v => RelabelProgress(label, v.Done, v.Total)), cancellation, tally,
                        committee);
                }
            }
            finally
            {
                foreach (var m in models) m.Dispose();
            }
            AtomicOutput.WriteDirectory(merged, overwrite: true, dir =>
            {
                for (int f = 1; f <= k; f++)
                    foreach (string file in Directory.EnumerateFiles(Path.Combine(roundDir, $"fold-{f}", RelabelFiles.LatestFolder), "*.png"))
                        File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
                DerivedMaskStamp.Write(dir, "relabel --cross-fit");
            });
            var pass = tally.Result();
            var verdict = Clean is not { Images.Count: > 0 } ? null : CheckAgainstCleanSubset(masks, OpenMaskFolder(merged));
            if (verdict is { Kept: false })
            {
                KeepLabels(merged, masks);
                pass = pass with { Summary = pass.Summary with { ToForeground = 0, ToBackground = 0, MasksDiceAfter = pass.Summary.MasksDiceBefore, ChangePrecision = null, ChangeRecall = null } };
            }
            RelabelFiles.Write(runDirectory, round, pass, RelabelFiles.VolumesOf(data));
            var finished = new CrossFitRound(round, folds, pass.Summary) { CleanSubset = verdict };
            AtomicOutput.WriteAllText(Path.Combine(roundDir, RoundFile), JsonSerializer.Serialize(finished, Json.Options) + "\n");
            rounds.Add(finished);
            WriteTable(runDirectory, rounds);
            masks = OpenMaskFolder(merged);
            if (verdict is { Kept: false }) break;                       // the labels again: another round would repeat this one
        }
        return (masks!, rounds);
    }

    /// <summary><see cref="CleanSubsetCheck"/> of the round's repair (<paramref name="repaired"/>) against the labels it
    /// read (<paramref name="labels"/>, or the dataset's own masks) on the clean subset's images.</summary>
    private CleanSubsetVerdict CheckAgainstCleanSubset(IMaskSource? labels, IMaskSource repaired)
    {
        var clean = Clean!;
        return CleanSubsetCheck.Judge(Enumerable.Range(0, clean.Images.Count).Select(i =>
        {
            var sample = clean.Images.Load(i);
            var cleanMask = clean.Masks is null ? sample.Mask : clean.Masks.TryLoad(sample.Name);
            return (BatchAssembler.TrainingMask(sample, labels, "training"),
                repaired.TryLoad(sample.Name) ?? throw new RemaskDataException(runDirectory, $"the round wrote no mask for '{sample.Name}'"),
                cleanMask ?? throw new RemaskDataException(clean.Masks?.Location ?? runDirectory, $"no clean mask for '{sample.Name}'"));
        }));
    }

    /// <summary>Replaces the round's masks with the labels it read: the clean subset refuted the repair.</summary>
    private void KeepLabels(string merged, IMaskSource? labels) => AtomicOutput.WriteDirectory(merged, overwrite: true, dir =>
    {
        for (int i = 0; i < data.Train.Count; i++)
        {
            var sample = data.Train.Load(i);
            PngWriter.WriteMask(Path.Combine(dir, MaskFolderReader.WrittenName(sample.Name, labels?.PathOf(sample.Name))),
                BatchAssembler.TrainingMask(sample, labels, "training"));
        }
        DerivedMaskStamp.Write(dir, "relabel --cross-fit, refuted by the clean subset: the labels");
    });

    /// <summary>The round's <see cref="OutlineAlignment"/> ratios: each fold model on a share of the images it did not train on
    /// (<see cref="OutlineAlignment.SampleSize"/> in all), sampled with an estimator seeded apart from the pass's own, so the
    /// pass's maps are the same whether or not it was measured.</summary>
    private List<double> MeasureAlignment(int round, int[] fold, int k, List<Models.UNetS> models, IMaskSource? masks, CancellationToken cancellation)
    {
        var ratios = new List<double>();
        for (int f = 0; f < k; f++)
        {
            int[] heldIdx = Held(fold, f);
            var estimator = EstimatorFactory.Create(Relabel.Uncertainty, Relabel.Samples, (options.Seed * 1000 + round) * 100 + 50 + f);
            ratios.AddRange(RelabelPass.AlignmentRatios(new BoundEstimator(estimator, models[f], options.Size), new SampleSubset(data.Train, heldIdx), masks,
                Relabel.Flip, (OutlineAlignment.SampleSize + k - 1) / k, options.BatchSize, cancellation));
        }
        return ratios;
    }

    /// <summary>The indices of the images fold <paramref name="f"/> holds out (and its model relabels).</summary>
    private static int[] Held(int[] fold, int f) => Enumerable.Range(0, fold.Length).Where(i => fold[i] == f).ToArray();

    /// <summary>Trains (or resumes, or reads back) one fold model, stopping when the round's rule fires.</summary>
    private TrainingResult TrainFold(ISampleSet train, IMaskSource? masks, string foldDir, string description, CancellationToken cancellation)
    {
        var foldOptions = options with { Relabel = Relabel with { Rounds = 1, CrossFitFolds = 0 } };
        var hook = new RelabelHook(foldOptions.Relabel, options.Seed) { OpenMaskFolder = OpenMaskFolder, Clean = Clean, StopWhenFired = true };
        // A fold folder without a checkpoint was interrupted before its first one: start it again. A checkpoint that a
        // kill left under its temporary name is put back first (the caller holds the run's lock, which covers the folds).
        if (Directory.Exists(foldDir)) Checkpoint.Recover(foldDir);
        var start = Checkpoint.Exists(foldDir) ? RunStart.Resume : RunStart.New;
        if (start == RunStart.New && Directory.Exists(foldDir)) Directory.Delete(foldDir, recursive: true);
        return Train(progress => new Trainer(data with { Train = train, TrainMasks = masks }, foldOptions, foldDir)
        {
            Hook = hook,
            OpenMaskFolder = OpenMaskFolder,
            Progress = progress,
        }.Run(start, cancellation), description, options.Epochs);
    }

    private static CrossFitRound? ReadRound(string roundDir)
    {
        string path = Path.Combine(roundDir, RoundFile);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<CrossFitRound>(File.ReadAllText(path), Json.Options); }
        catch (JsonException e) { throw new RemaskDataException(path, $"corrupt cross-fit round ({e.Message})"); }
    }

    /// <summary>RUN/cross-fit.csv: one row per fold of every finished round, with the round's totals repeated.</summary>
    private static void WriteTable(string runDirectory, IReadOnlyList<CrossFitRound> rounds)
    {
        var text = new StringBuilder("round,fold,train_images,relabeled_images,stop_epoch,picked_epoch,fold_test_d_clean,"
            + "round_to_foreground,round_to_background,round_declined,masks_dice_before,masks_dice_after,change_precision,change_recall,"
            + "outline_alignment,snapped_every_image,clean_subset_images,clean_subset_dice_before,clean_subset_dice_after,clean_subset_kept\n");
        foreach (var r in rounds)
            foreach (var f in r.Folds)
            {
                var s = r.Summary;
                text.Append(CsvText.Line(f.Round, f.Fold, f.TrainImages, f.RelabeledImages, f.StopEpoch, f.PickedEpoch, f.TestDClean,
                    s.ToForeground, s.ToBackground, s.Declined, s.MasksDiceBefore, s.MasksDiceAfter, s.ChangePrecision, s.ChangeRecall,
                    s.OutlineAlignment, s.SnappedEveryImage ? 1 : 0, r.CleanSubset?.Images, r.CleanSubset?.DiceBefore, r.CleanSubset?.DiceAfter,
                    r.CleanSubset is { } v ? (v.Kept ? 1 : 0) : null));
            }
        AtomicOutput.WriteAllText(Path.Combine(runDirectory, TableFile), text.ToString());
    }
}
