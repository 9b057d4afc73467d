using System.ComponentModel;
using System.Globalization;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Relabeling;
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
    internal sealed class Settings : DatasetSettings
    {
        [CommandOption("--data <DATASET>")]
        [Description("Dataset folder to train on (its train split, or the whole folder for a flat pairs layout)")]
        public string? Data { get; init; }

        [CommandOption("--masks <DIR>")]
        [Description("Folder of training masks NAME.png that replace the dataset's own (the noisy masks)")]
        public string? Masks { get; init; }

        [CommandOption("--test <DATASET>")]
        [Description("Dataset folder to score after each epoch (default: the test or validation split of --data, if any)")]
        public string? Test { get; init; }

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
        [Description("none (train on the masks as they are) or relabel (repair them during training; default none)")]
        [DefaultValue("none")]
        public string Method { get; init; } = "none";

        [CommandOption("--uncertainty <ESTIMATOR>")]
        [Description("Relabel: mcdo, tta or tta+mcdo (default mcdo)")]
        [DefaultValue("mcdo")]
        public string Uncertainty { get; init; } = "mcdo";

        [CommandOption("--samples <N>")]
        [Description("Relabel: samples per image (default: 8 for mcdo and tta, 2 dropout samples per view for tta+mcdo)")]
        public int? Samples { get; init; }

        [CommandOption("--relabel-at <WHEN>")]
        [Description("Relabel: auto (the paper's uncertainty-curve rule), adele, clean-subset, or an epoch number (default auto)")]
        [DefaultValue("auto")]
        public string RelabelAt { get; init; } = "auto";

        [CommandOption("--threshold <DELTA>")]
        [Description("Relabel: uncertainty threshold δ, or auto (Otsu per image); the region policy needs none")]
        public string? Threshold { get; init; }

        [CommandOption("--flip <POLICY>")]
        [Description("Relabel: paper, mean-prediction, confident-disagree, band or region (default region; docs/relabeling.md)")]
        public string? Flip { get; init; }

        [CommandOption("--rounds <R>")]
        [Description("Relabel: how many times to relabel (default 2)")]
        [DefaultValue(2)]
        public int Rounds { get; init; } = 2;

        [CommandOption("--no-guard")]
        [Description("Relabel: never decline an image (the guard keeps correct outlines from being redrawn)")]
        public bool NoGuard { get; init; }

        [CommandOption("--clean-subset <DIR|COUNT>")]
        [Description("Relabel: clean masks of a few training images (a folder of NAME.png), or COUNT training images whose dataset masks are clean (with --masks); read by --relabel-at clean-subset")]
        public string? CleanSubset { get; init; }

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
                if (Out is not null || Data is not null) return ValidationResult.Error("--resume takes the run folder and rebuilds the run from it; do not also give --out or --data");
                return ValidationResult.Success();
            }
            if (Data is null) return ValidationResult.Error("--data is required (or --resume RUN)");
            if (Method is not ("none" or "relabel")) return ValidationResult.Error($"--method: expected none or relabel, got '{Method}'");
            if (Out is null) return ValidationResult.Error("--out is required (the run folder)");
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

        var data = OpenData(description, out var rule);
        if (start != RunStart.Resume && settings.Jitter is null && data.Train.Load(0).Image.Channels == 1)
            options = options with { Augmentation = options.Augmentation with { IntensityJitter = 0.1 } };
        if (start != RunStart.Resume) description["jitter"] = options.Augmentation.IntensityJitter.ToString("R", CultureInfo.InvariantCulture);

        var readRule = rule;
        TrainingResult result;
        try
        {
            // Masks this run wrote itself (relabeled) are 0/255 whatever --foreground says about the dataset's.
            IMaskSource Open(string folder) => new MaskFolderSource(folder, p => ImageFiles.ReadMask(p,
                RunFolder.Contains(run, folder) ? ForegroundRule.AnyPositive : readRule));
            if (options.Relabel?.Trigger == RelabelTrigger.CleanSubset && description.GetValueOrDefault("clean_subset") is null)
                throw new RemaskUsageException("--relabel-at clean-subset needs --clean-subset DIR|COUNT");
            var hook = options.Relabel is null ? null : new RelabelHook(options.Relabel, options.Seed)
            {
                OpenMaskFolder = Open,
                Clean = CleanSubsetArgument.Open(description.GetValueOrDefault("clean_subset"), data, options.Seed, readRule),
                ScoreAgainstDatasetMasks = data.TrainMasks is not null && TrainSetHasOwnMasks(description),
            };
            result = TrainingUi.Run(progress => new Trainer(data, options, run)
            {
                DataDescription = description,
                OpenMaskFolder = Open,
                Progress = progress,
                Hook = hook,
            }.Run(start, cancellationToken), options.Epochs);
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
            Relabel = s.Method == "relabel" ? RelabelArguments.Parse(s.Uncertainty, s.Samples, s.RelabelAt, s.Threshold, s.Flip, s.Rounds, s.NoGuard) : null,
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
    };

    /// <summary>Opens the datasets and mask folders that <paramref name="d"/> names, checking up front that every
    /// training image has a mask.</summary>
    private static TrainingData OpenData(Dictionary<string, string?> d, out ForegroundRule rule)
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
        var train = DatasetDiscovery.Open(trainSplit, datasetOptions);

        MaskFolderSource? masks = null;
        if (d.GetValueOrDefault("masks") is string masksPath)
        {
            masks = new MaskFolderSource(masksPath, p => ImageFiles.ReadMask(p, readRule));
            var missing = Enumerable.Range(0, train.Count).Select(train.NameOf)
                .Where(n => !File.Exists(Path.Combine(masks.Location, n + ".png"))).ToList();
            if (missing.Count > 0)
                throw new RemaskDataException(Path.Combine(masks.Location, missing[0] + ".png"),
                    $"missing: {missing.Count} of {train.Count} training images have no mask in {masks.Location}");
        }
        else
        {
            var without = trainSplit.Samples.Where(s => s.MaskPath is null).ToList();
            if (without.Count > 0)
                throw new RemaskDataException(without[0].ImagePath, $"has no mask: {without.Count} of {trainSplit.Samples.Count} training images have none");
        }

        ISampleSet? test = null;
        if (d.GetValueOrDefault("test") is string testPath)
        {
            var testIndex = DatasetDiscovery.Discover(testPath, datasetOptions);
            test = DatasetDiscovery.Open(testIndex.TestSplit() ?? testIndex.TrainSplit(), datasetOptions);
        }
        else if (index.TestSplit() is { } split)
        {
            test = DatasetDiscovery.Open(split, datasetOptions);
        }
        MaskFolderSource? testNoisy = d.GetValueOrDefault("test_noisy_masks") is string tn ? new MaskFolderSource(tn, p => ImageFiles.ReadMask(p, readRule)) : null;
        if (testNoisy is not null && test is null) throw new RemaskUsageException("--test-noisy-masks needs a test split (--test, or a dataset with one)");
        return new TrainingData(train, masks, test, testNoisy);
    }

    /// <summary>True when every training image of the dataset has its own mask (the clean ones, in a benchmark).</summary>
    private static bool TrainSetHasOwnMasks(Dictionary<string, string?> d)
    {
        var index = DatasetDiscovery.Discover(d["data"]!, new DatasetOptions { Foreground = ForegroundRule.Parse(d.GetValueOrDefault("foreground")) });
        return index.TrainSplit().Samples.All(s => s.MaskPath is not null);
    }

    private static double Parse(Dictionary<string, string?> d, string key, double fallback) =>
        d.GetValueOrDefault(key) is string s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;
}
