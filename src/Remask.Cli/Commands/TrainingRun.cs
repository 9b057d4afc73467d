using System.Globalization;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Relabeling;
using Remask.Torch.Reweighting;
using Remask.Torch.Training;

namespace Remask.Cli.Commands;

/// <summary>
/// One training run as <c>remask train</c> runs it: opens the data that the options describe, then trains the
/// method's model (for cross-fitted relabeling: the fold models and their relabel passes first, then the run's model
/// on the repaired masks; for reweighting: with the clean subset's meta-gradient weights). Shared by <c>train</c> and
/// by every cell of <c>remask experiment</c>.
/// </summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Options">The training options (from the command line, or run.json on resume).</param>
/// <param name="Description">What run.json records about the data (paths), enough to reopen it.</param>
/// <param name="Start">New, overwrite or resume.</param>
/// <param name="JitterGiven">--jitter was given: one-channel images do not get the default jitter.</param>
internal sealed record TrainingRun(string Folder, TrainingOptions Options, Dictionary<string, string?> Description, RunStart Start, bool JitterGiven)
{
    /// <summary>--settle with --cross-fit when not given (docs/relabeling.md, "Quality").</summary>
    internal const double CrossFitSettle = 0.05;

    /// <summary>Shown before each progress line (for example an experiment's cell).</summary>
    public string? Label { get; init; }

    /// <summary>The processes that train the run together (docs/scale.md); one process by default. Rank 0 alone shows progress.</summary>
    public ICollective Ranks { get; init; } = SingleProcess.Instance;

    /// <summary>This run with <see cref="Label"/> set.</summary>
    public TrainingRun With(string label) => this with { Label = label };

    /// <summary>The run that <paramref name="s"/> describes: a new one, or with --resume the one recorded in the run
    /// folder (with <paramref name="epochs"/>, extended to that many epochs).</summary>
    public static TrainingRun From(TrainSettings s, int? epochs)
    {
        if (s.Resume is not null)
        {
            var info = RunInfo.Read(s.Resume);
            return new TrainingRun(s.Resume, epochs is int e ? info.Options with { Epochs = e } : info.Options, info.Data, RunStart.Resume, true);
        }
        return new TrainingRun(s.Out!, BuildOptions(s), Describe(s), s.Overwrite ? RunStart.Overwrite : RunStart.New, s.Jitter is not null);
    }

    /// <summary>
    /// This run with the default jitter of one-channel images (0.1, where --jitter was not given) written into its
    /// options, for a caller that compares options before training: the members of an ensemble are held against the
    /// options their checkpoints and run.json record, which have it.
    /// </summary>
    public TrainingRun WithImageDefaults(CancellationToken cancellationToken)
    {
        if (Start == RunStart.Resume || JitterGiven) return this;
        cancellationToken.ThrowIfCancellationRequested();
        // Only the first training image is read: its members check (and, with --cache, preprocess) the data themselves.
        var datasetOptions = DatasetOptionsOf(Description);
        var train = DatasetDiscovery.Open(DatasetDiscovery.Discover(DataPathOf(Description), datasetOptions).TrainSplit(), datasetOptions);
        if (train.Count == 0) throw new RemaskDataException(DataPathOf(Description), "no training images");
        return this with { Options = WithDefaultJitter(Options, train.Load(0).Image.Channels), JitterGiven = true };
    }

    private static TrainingOptions WithDefaultJitter(TrainingOptions options, int channels) =>
        channels == 1 ? options with { Augmentation = options.Augmentation with { IntensityJitter = 0.1 } } : options;

    /// <summary>Trains; throws <see cref="OperationCanceledException"/> when cancelled (a checkpoint is written first).</summary>
    public TrainingResult Run(CancellationToken cancellationToken)
    {
        var (options, description, start, run) = (Options, Description, Start, Folder);
        var data = OpenData(description, options.Size, out var rule, out bool trainHasOwnMasks, cancellationToken);
        bool cached = data.Train is Remask.Core.Datasets.Preprocessed.PreprocessedSet;
        if (start != RunStart.Resume && !JitterGiven) options = WithDefaultJitter(options, data.Train.Load(0).Image.Channels);
        if (start != RunStart.Resume) description["jitter"] = options.Augmentation.IntensityJitter.ToString("R", CultureInfo.InvariantCulture);

        var readRule = rule;
        // Folders Remask wrote (relabeled masks too) carry its note and are read as value > 0 (DerivedMaskStamp).
        IMaskSource Open(string folder) => cached ? TrainingCache.Resized(new MaskFolderSource(folder, readRule), options.Size) : new MaskFolderSource(folder, readRule);
        if (options.Relabel?.Trigger == RelabelTrigger.CleanSubset && description.GetValueOrDefault("clean_subset") is null)
            throw new RemaskUsageException("--relabel-at clean-subset needs --clean-subset DIR|COUNT");
        var clean = CleanSubsetArgument.Open(description.GetValueOrDefault("clean_subset"), data, options.Seed, readRule);
        if (cached && clean?.Masks is not null) clean = clean with { Masks = TrainingCache.Resized(clean.Masks, options.Size) };
        var weighting = options.Reweight is null ? null
            : new MetaReweighting(clean ?? throw new RemaskUsageException("--method reweight needs --clean-subset DIR|COUNT"));
        bool score = data.TrainMasks is not null && trainHasOwnMasks;
        string prefix = Label is null ? "" : Label + ": ";
        // The in-run hook's relabel pass shows as a phase of the epoch that triggered it.
        RelabelHook? Hook(Action<TrainingProgress> progress, Func<TrainingProgress?> last) => options.Relabel is null ? null : new RelabelHook(options.Relabel, options.Seed)
        {
            OpenMaskFolder = Open,
            Clean = clean,
            ScoreAgainstDatasetMasks = score,
            Progress = new SynchronousProgress<(int Done, int Total)>(v =>
            {
                if (last() is { } l) progress(l with { Step = 0, Steps = 0, Phase = $"relabeling {v.Done}/{v.Total}" });
            }),
        };
        bool crossFit = options.Relabel is { CrossFitFolds: >= 2 };
        // held from the first write to the end, across the folds and the final model (RunLock; the Trainer takes it again)
        if (crossFit) RunFolder.Check(run, start);
        using var runLock = crossFit ? RunLock.Acquire(run) : null;
        if (crossFit)
        {
            // The folds' models and relabel passes first (RUN/cross-fit/), then the run's model on the repaired masks.
            // on resume, this puts back a checkpoint that a kill left under its temporary name (RunFolder.Prepare)
            RunFolder.Prepare(run, start);
            if (start != RunStart.Resume) new RunInfo { Options = options, Data = description }.Write(run);
            var folds = new CrossFitRelabeling(data, options, run)
            {
                OpenMaskFolder = Open, Clean = clean, ScoreAgainstDatasetMasks = score,
                Train = (train, stage, epochs) => TrainingUi.Run(train, epochs, prefix + stage),
                RelabelProgress = (stage, done, total) => { if (done == total) Console.Error.WriteLine($"{prefix}{stage}: {total} mask(s) written"); },
            };
            var (repaired, rounds) = folds.Run(cancellationToken);
            foreach (var r in rounds)
                if (r.CleanSubset is { } v)
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{prefix}cross-fit round {r.Round}: clean subset of {v.Images} image(s), Dice with their clean masks {100 * v.DiceBefore:F1} % -> {100 * v.DiceAfter:F1} %: ")
                        + (v.Kept ? "repair kept" : "repair refused, every label kept"));
            data = data with { TrainMasks = repaired };
            start = Checkpoint.Exists(run) ? RunStart.Resume : RunStart.Prepared;
        }
        var trainData = data;
        var trainStart = start;
        var ranks = Ranks;
        Func<Action<TrainingProgress>, TrainingResult> train = progress =>
        {
            TrainingProgress? last = null;
            return new Trainer(trainData, options, run)
            {
                DataDescription = description,
                OpenMaskFolder = Open,
                Progress = p => { last = p; progress(p); },
                Hook = crossFit ? null : Hook(progress, () => last),
                Weighting = weighting,
                Ranks = ranks,
            }.Run(trainStart, cancellationToken);
        };
        return ranks.Rank == 0 ? TrainingUi.Run(train, options.Epochs, (crossFit ? prefix + "final model on the repaired masks" : Label)) : train(_ => { });
    }

    private static TrainingOptions BuildOptions(TrainSettings s)
    {
        var options = new TrainingOptions
        {
            Epochs = s.Epochs, Size = s.Size, BatchSize = s.Batch, LearningRate = s.LearningRate, Seed = s.Seed,
            Widths = ParseWidths(s.Widths),
            Augmentation = new AugmentationOptions { Flips = !s.NoAugment, Rotations = !s.NoAugment, IntensityJitter = s.Jitter ?? 0 },
            Relabel = s.Method == "relabel" ? RelabelArguments.Parse(s, s.RelabelAt, s.Rounds) with
            {
                CrossFitFolds = s.CrossFit,
                AverageEpochs = s.AverageEpochs,
                MaxAgreementGain = s.Settle ?? (s.CrossFit >= 2 ? CrossFitSettle : null),
                CommitteeVeto = !s.NoVeto,
            } : null,
            Reweight = s.Method == "reweight" ? new ReweightOptions() : null,
        };
        options.Validate();
        return options;
    }

    private static IReadOnlyList<int> ParseWidths(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Remask.Torch.Models.UNetSConfig.ReferenceWidths;
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int w) || w < 1)
                throw new RemaskUsageException($"--widths: '{part}' is not a positive integer");
            list.Add(w);
        }
        return list;
    }

    /// <summary>What run.json records about the data: enough to reopen it on --resume.</summary>
    private static Dictionary<string, string?> Describe(TrainSettings s) => new()
    {
        ["data"] = Path.GetFullPath(s.Data!),
        ["masks"] = s.Masks is null ? null : Path.GetFullPath(s.Masks),
        ["test"] = s.Test is null ? null : Path.GetFullPath(s.Test),
        ["test_noisy_masks"] = s.TestNoisyMasks is null ? null : Path.GetFullPath(s.TestNoisyMasks),
        ["clean_subset"] = s.CleanSubset is null ? null : Directory.Exists(s.CleanSubset) ? Path.GetFullPath(s.CleanSubset) : s.CleanSubset,
        ["foreground"] = s.Foreground,
        ["empty_slices"] = s.EmptySlices.ToString("R", CultureInfo.InvariantCulture),
        ["window_level"] = s.WindowLevel.ToString("R", CultureInfo.InvariantCulture),
        ["window_width"] = s.WindowWidth.ToString("R", CultureInfo.InvariantCulture),
        ["cache"] = s.Cache ? "true" : null,
        ["holdout"] = s.Holdout?.ToString("R", CultureInfo.InvariantCulture),
        ["holdout_seed"] = s.Holdout is null ? null : s.Seed.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>How the run reads its dataset (foreground rule, empty slices, CT window), from its description.</summary>
    private static DatasetOptions DatasetOptionsOf(Dictionary<string, string?> d) => new()
    {
        Foreground = ForegroundRule.Parse(d.GetValueOrDefault("foreground")),
        EmptySliceShare = Parse(d, "empty_slices", 0.1),
        WindowLevel = Parse(d, "window_level", 40),
        WindowWidth = Parse(d, "window_width", 400),
    };

    private static string DataPathOf(Dictionary<string, string?> d) =>
        d.GetValueOrDefault("data") ?? throw new RemaskUsageException("run.json names no training data");

    /// <summary>Opens the datasets and mask folders that <paramref name="d"/> names, checking up front that every
    /// training image has a mask. <paramref name="trainHasOwnMasks"/>: every training image has its own dataset mask
    /// (with --masks, those are the clean ones the relabel pass is scored against).</summary>
    private static TrainingData OpenData(Dictionary<string, string?> d, int size, out ForegroundRule rule, out bool trainHasOwnMasks, CancellationToken cancellationToken)
    {
        var datasetOptions = DatasetOptionsOf(d);
        rule = datasetOptions.Foreground;
        var readRule = rule;
        string dataPath = DataPathOf(d);
        var index = DatasetDiscovery.Discover(dataPath, datasetOptions);
        var trainSplit = index.TrainSplit();
        var heldOut = HoldOut(d, dataPath, ref trainSplit);
        var train = DatasetDiscovery.Open(trainSplit, datasetOptions);
        trainHasOwnMasks = trainSplit.Samples.All(s => s.MaskPath is not null);

        MaskFolderSource? masks = null;
        if (d.GetValueOrDefault("masks") is string masksPath)
        {
            masks = new MaskFolderSource(masksPath, readRule);
            // with --holdout these masks also give D_noisy on the held-out images, so those need one too
            var names = Enumerable.Range(0, train.Count).Select(train.NameOf).Concat(heldOut?.Samples.Select(r => r.Name) ?? []).ToList();
            var missing = names.Where(n => masks.Reader.PathOf(n) is null).ToList();
            if (missing.Count > 0)
                throw new RemaskDataException(masks.Location,
                    $"missing: {missing.Count} of {names.Count} training images have no mask here (first: {missing[0]}; names tried: NAME, NAME_mask, NAME_segmentation)");
        }
        else
        {
            var without = trainSplit.Samples.Where(s => s.MaskPath is null).ToList();
            if (without.Count > 0)
                throw new RemaskDataException(without[0].ImagePath, $"has no mask: {without.Count} of {trainSplit.Samples.Count} training images have none");
        }
        // image files: only the mask is read (no full-size image decoded and kept in memory for a count)
        Mask? OwnMask(int i) => trainSplit.Samples[i] is { IsSlice: false, MaskPath: string m } ? ImageFiles.ReadMask(m, readRule) : train.Load(i).Mask;
        TrainingMaskCheck.Verify(masks?.Location ?? dataPath, train.Count, i => masks is null
            ? (OwnMask(i)!.CountForeground(), null)
            : (masks.TryLoad(train.NameOf(i))!.CountForeground(), OwnMask(i)?.CountForeground()));

        DatasetSplit? testSplit = heldOut;
        if (testSplit is null && d.GetValueOrDefault("test") is string testPath)
        {
            var testIndex = DatasetDiscovery.Discover(testPath, datasetOptions);
            testSplit = testIndex.TestSplit() ?? testIndex.TrainSplit();
        }
        testSplit ??= index.TestSplit();
        ISampleSet? test = testSplit is null ? null : DatasetDiscovery.Open(testSplit, datasetOptions);
        MaskFolderSource? testNoisy = d.GetValueOrDefault("test_noisy_masks") is string tn ? new MaskFolderSource(tn, readRule)
            : heldOut is not null ? masks : null;
        if (testNoisy is not null && test is null) throw new RemaskUsageException("--test-noisy-masks needs a test split (--test, or a dataset with one)");
        var data = new TrainingData(train, masks, test, testNoisy);
        return d.GetValueOrDefault("cache") == "true" ? TrainingCache.Wrap(data, trainSplit, testSplit, size, datasetOptions, cancellationToken) : data;
    }

    /// <summary>With --holdout: cuts the held-out groups out of <paramref name="trainSplit"/> and returns them. The
    /// groups are chosen on the first start and recorded in <paramref name="d"/> (run.json), so that a resumed run
    /// holds out the same ones.</summary>
    private static DatasetSplit? HoldOut(Dictionary<string, string?> d, string dataPath, ref DatasetSplit trainSplit)
    {
        if (d.GetValueOrDefault("holdout") is not string share) return null;
        IReadOnlyList<string> groups = d.GetValueOrDefault("holdout_groups") is string recorded
            ? recorded.Split('\n')
            : Holdout.Choose(trainSplit.Samples, double.Parse(share, CultureInfo.InvariantCulture),
                long.Parse(d.GetValueOrDefault("holdout_seed") ?? "0", CultureInfo.InvariantCulture));
        d["holdout_groups"] = string.Join('\n', groups);
        var (kept, held) = Holdout.Apply(trainSplit.Samples, groups);
        if (held.Count == 0 || kept.Count == 0)
            throw new RemaskDataException(dataPath, "the held-out images recorded in run.json are not (or are all) in the training split any more");
        trainSplit = new DatasetSplit(trainSplit.Name, kept);
        return new DatasetSplit("holdout", held);
    }

    private static double Parse(Dictionary<string, string?> d, string key, double fallback) =>
        d.GetValueOrDefault(key) is string s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;
}
