using System.ComponentModel;
using System.Globalization;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Relabeling;
using Remask.Torch.Reweighting;
using Remask.Torch.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask train --data DATASET --out RUN ...</c>: trains U-Net-S on a dataset's training split (or on noisy
/// masks given with <c>--masks</c>), scoring the test split after every epoch; <c>--resume RUN</c> continues an
/// interrupted run with the options it was started with.
/// </summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    /// <summary>--settle with --cross-fit when not given (docs/relabeling.md, "Quality").</summary>
    internal const double CrossFitSettle = 0.05;

    internal sealed class Settings : RelabelingSettings
    {
        [CommandOption("--data <DATASET>")]
        [Description("Dataset folder to train on (its train split, or the whole folder for a flat pairs layout)")]
        public string? Data { get; init; }

        [CommandOption("--masks <DIR>")]
        [Description("Folder of training masks (NAME, NAME_mask or NAME_segmentation .png) that replace the dataset's own (the noisy masks)")]
        public string? Masks { get; init; }

        [CommandOption("--test <DATASET>")]
        [Description("Dataset folder to score after each epoch (default: the test or validation split of --data, if any)")]
        public string? Test { get; init; }

        [CommandOption("--holdout <SHARE>")]
        [Description("Hold out this share of the training split as the test set, by volume for Decathlon and by image otherwise (seeded by --seed; the held-out names go into run.json)")]
        public double? Holdout { get; init; }

        [CommandOption("--test-noisy-masks <DIR>")]
        [Description("Noisy copies of the test masks, NAME.png, for D_noisy")]
        public string? TestNoisyMasks { get; init; }

        [CommandOption("--epochs <E>")]
        [Description("Epochs (default 10)")]
        [DefaultValue(10)]
        public int Epochs { get; init; } = 10;

        [CommandOption("--size <S>")]
        [Description("Training size: images are resized to S x S, a multiple of 16 (default 64)")]
        [DefaultValue(64)]
        public int Size { get; init; } = 64;

        [CommandOption("--batch <B>")]
        [Description("Batch size (default 16)")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        [CommandOption("--lr <RATE>")]
        [Description("Adam learning rate (default 0.001)")]
        [DefaultValue(1e-3)]
        public double LearningRate { get; init; } = 1e-3;

        [CommandOption("--seed <K>")]
        [Description("Seed of initialisation, shuffling, augmentation and dropout (default 0)")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        [CommandOption("--widths <LIST>")]
        [Description("Encoder widths and bottleneck width (default 16,32,64,128,256)")]
        public string? Widths { get; init; }

        [CommandOption("--jitter <J>")]
        [Description("Intensity jitter: gain in [[1-J, 1+J]], offset in [[-J, J]] (default: 0.1 for one-channel images such as CT, 0 otherwise)")]
        public double? Jitter { get; init; }

        [CommandOption("--no-augment")]
        [Description("No flips or rotations")]
        public bool NoAugment { get; init; }

        [CommandOption("--method <METHOD>")]
        [Description("none (train on the masks as they are), relabel (repair them during training) or reweight (learn per-pixel loss weights from --clean-subset, Mirikharaji et al. 2019; default none)")]
        [DefaultValue("none")]
        public string Method { get; init; } = "none";

        [CommandOption("--relabel-at <WHEN>")]
        [Description("Relabel: auto (the paper's uncertainty-curve rule), adele, clean-subset, or an epoch number (default auto)")]
        [DefaultValue("auto")]
        public string RelabelAt { get; init; } = "auto";

        [CommandOption("--rounds <R>")]
        [Description("Relabel: how many times to relabel (default 1; each cross-fitted round trains K fold models again)")]
        [DefaultValue(1)]
        public int Rounds { get; init; } = 1;

        [CommandOption("--cross-fit <K>")]
        [Description("Relabel: K ≥ 2 relabels each of K folds with a model trained on the other folds, the other folds' models vetoing changes they disagree with, then trains the run's model on the repaired masks (default 2); 0 relabels in the run with the run's own model, the paper's scheme, which repaired heavy noise less and damaged nearly-right synth-ct masks (docs/relabeling.md)")]
        [DefaultValue(2)]
        public int CrossFit { get; init; } = 2;

        [CommandOption("--average-epochs <A>")]
        [Description("Relabel with --cross-fit: each fold model relabels with the average of its weights over its last A epochs, up to the one where it stopped (default 2; 1: that epoch's weights)")]
        [DefaultValue(2)]
        public int AverageEpochs { get; init; } = 2;

        [CommandOption("--settle <GAIN>")]
        [Description("Relabel: a fired rule waits while the model is still learning, i.e. while its Dice with the current labels rose by more than GAIN in the last epoch (default 0.05 with --cross-fit, off otherwise; 1 turns it off)")]
        public double? Settle { get; init; }

        [CommandOption("--no-veto")]
        [Description("Relabel with --cross-fit: keep a fold model's changes even where the models that trained on the image disagree with them")]
        public bool NoVeto { get; init; }

        [CommandOption("--clean-subset <DIR|COUNT>")]
        [Description("Clean masks of a few training images (a folder of NAME.png), or COUNT training images whose dataset masks are clean (with --masks); the clean batches of --method reweight, and read by --relabel-at clean-subset")]
        public string? CleanSubset { get; init; }

        [CommandOption("--cache")]
        [Description("Decode and resize every sample once, into the user's cache folder (reused by later runs; remask cache clear empties it)")]
        public bool Cache { get; init; }

        [CommandOption("--out <RUN>")]
        [Description("Run folder to create (metrics, checkpoints, model)")]
        public string? Out { get; init; }

        [CommandOption("--resume <RUN>")]
        [Description("Continue an interrupted run (with --epochs, also extend a finished one)")]
        public string? Resume { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace an existing run folder")]
        public bool Overwrite { get; init; }

        public override ValidationResult Validate()
        {
            if (Resume is not null)
            {
                if (Out is not null || Data is not null || Holdout is not null || Cache)
                    return ValidationResult.Error("--resume takes the run folder and rebuilds the run from it; do not also give --out, --data, --holdout or --cache");
                return ValidationResult.Success();
            }
            if (Data is null) return ValidationResult.Error("--data is required (or --resume RUN)");
            if (Method is not ("none" or "relabel" or "reweight")) return ValidationResult.Error($"--method: expected none, relabel or reweight, got '{Method}'");
            if (Method == "reweight" && CleanSubset is null) return ValidationResult.Error("--method reweight needs --clean-subset DIR|COUNT (the clean masks it learns the weights from)");
            if (Method == "relabel" && Cache) return ValidationResult.Error("--cache holds the samples at the training size, but relabeling writes masks at the images' own size: use one or the other");
            if (Out is null) return ValidationResult.Error("--out is required (the run folder)");
            if (Holdout is not null && Test is not null) return ValidationResult.Error("--holdout and --test both name the test set; give one");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TrainingOptions options;
        Dictionary<string, string?> description;
        RunStart start;
        string run;
        int? epochs = context.Arguments.Contains("--epochs") ? settings.Epochs : null;
        if (settings.Resume is not null)
        {
            run = settings.Resume;
            var info = RunInfo.Read(run);
            options = epochs is int e ? info.Options with { Epochs = e } : info.Options;
            description = info.Data;
            start = RunStart.Resume;
        }
        else
        {
            run = settings.Out!;
            description = Describe(settings);
            options = BuildOptions(settings);
            start = settings.Overwrite ? RunStart.Overwrite : RunStart.New;
        }

        var data = OpenData(description, options.Size, out var rule, out bool trainHasOwnMasks, cancellationToken);
        bool cached = data.Train is Remask.Core.Datasets.Preprocessed.PreprocessedSet;
        if (start != RunStart.Resume && settings.Jitter is null && data.Train.Load(0).Image.Channels == 1)
            options = options with { Augmentation = options.Augmentation with { IntensityJitter = 0.1 } };
        if (start != RunStart.Resume) description["jitter"] = options.Augmentation.IntensityJitter.ToString("R", CultureInfo.InvariantCulture);

        var readRule = rule;
        TrainingResult result;
        try
        {
            // Folders Remask wrote (relabeled masks too) carry its note and are read as value > 0 (DerivedMaskStamp).
            IMaskSource Open(string folder) => cached ? TrainingCache.Resized(new MaskFolderSource(folder, readRule), options.Size) : new MaskFolderSource(folder, readRule);
            if (options.Relabel?.Trigger == RelabelTrigger.CleanSubset && description.GetValueOrDefault("clean_subset") is null)
                throw new RemaskUsageException("--relabel-at clean-subset needs --clean-subset DIR|COUNT");
            var clean = CleanSubsetArgument.Open(description.GetValueOrDefault("clean_subset"), data, options.Seed, readRule);
            if (cached && clean?.Masks is not null) clean = clean with { Masks = TrainingCache.Resized(clean.Masks, options.Size) };
            var weighting = options.Reweight is null ? null
                : new MetaReweighting(clean ?? throw new RemaskUsageException("--method reweight needs --clean-subset DIR|COUNT"));
            bool score = data.TrainMasks is not null && trainHasOwnMasks;
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
            if (crossFit)
            {
                // The folds' models and relabel passes first (RUN/cross-fit/), then the run's model on the repaired masks.
                if (start != RunStart.Resume)
                {
                    RunFolder.Prepare(run, start);
                    new RunInfo { Options = options, Data = description }.Write(run);
                }
                var folds = new CrossFitRelabeling(data, options, run)
                {
                    OpenMaskFolder = Open, Clean = clean, ScoreAgainstDatasetMasks = score,
                    Train = (train, stage, epochs) => TrainingUi.Run(train, epochs, stage),
                    RelabelProgress = (stage, done, total) => { if (done == total) Console.Error.WriteLine($"{stage}: {total} mask(s) written"); },
                };
                var (repaired, _) = folds.Run(cancellationToken);
                data = data with { TrainMasks = repaired };
                start = Checkpoint.Exists(run) ? RunStart.Resume : RunStart.Prepared;
            }
            var trainData = data;
            var trainStart = start;
            result = TrainingUi.Run(progress =>
            {
                TrainingProgress? last = null;
                return new Trainer(trainData, options, run)
                {
                    DataDescription = description,
                    OpenMaskFolder = Open,
                    Progress = p => { last = p; progress(p); },
                    Hook = crossFit ? null : Hook(progress, () => last),
                    Weighting = weighting,
                }.Run(trainStart, cancellationToken);
            }, options.Epochs, crossFit ? "final model on the repaired masks" : null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"interrupted; checkpoint written. Continue with: remask train --resume {run}");
            return CliApp.Interrupted;
        }
        var last = result.Epochs[^1];
        Console.Out.WriteLine($"trained {last.Epoch} epoch(s): loss {last.TrainLoss:F4}"
            + (last.DClean is double c ? $", D_clean {c:F1} %" : "") + (last.DNoisy is double n ? $", D_noisy {n:F1} %" : ""));
        Console.Out.WriteLine($"run folder: {Path.GetFullPath(run)} (model.pt, metrics.csv, metrics.json)");
        return CliApp.Ok;
    }

    private static TrainingOptions BuildOptions(Settings s)
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
    private static Dictionary<string, string?> Describe(Settings s) => new()
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

    /// <summary>Opens the datasets and mask folders that <paramref name="d"/> names, checking up front that every
    /// training image has a mask. <paramref name="trainHasOwnMasks"/>: every training image has its own dataset mask
    /// (with --masks, those are the clean ones the relabel pass is scored against).</summary>
    private static TrainingData OpenData(Dictionary<string, string?> d, int size, out ForegroundRule rule, out bool trainHasOwnMasks, CancellationToken cancellationToken)
    {
        var datasetOptions = new DatasetOptions
        {
            Foreground = ForegroundRule.Parse(d.GetValueOrDefault("foreground")),
            EmptySliceShare = Parse(d, "empty_slices", 0.1),
            WindowLevel = Parse(d, "window_level", 40),
            WindowWidth = Parse(d, "window_width", 400),
        };
        rule = datasetOptions.Foreground;
        var readRule = rule;
        string dataPath = d.GetValueOrDefault("data") ?? throw new RemaskUsageException("run.json names no training data");
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
