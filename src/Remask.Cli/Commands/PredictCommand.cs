using System.ComponentModel;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Prediction;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask predict --model RUN --data DIR --out DIR</c>: probability maps (16-bit PNG) and binary masks at
/// each image's original size, from a trained run's model; for NIfTI volumes (every slice by default) also the
/// probability and mask volumes on each image volume's grid.
/// </summary>
internal sealed class PredictCommand : Command<PredictCommand.Settings>
{
    internal sealed class Settings : DatasetSettings
    {
        [CommandOption("--model <RUN>")]
        [Description("Run folder of a trained model (model.pt and model.json)")]
        public string? Model { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("A folder of images, or a dataset folder (all its splits are predicted, or only --split)")]
        public string? Data { get; init; }

        [CommandOption("--split <NAME>")]
        [Description("Dataset split to predict (train, validation, test, or holdout: the images the --model run held out with --holdout)")]
        public string? Split { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder: probabilities/NAME.png (16-bit) and masks/NAME.png (0/255); for NIfTI volumes also volumes/probabilities/NAME.nii.gz (float32) and volumes/masks/NAME.nii.gz (0/1)")]
        public string? Out { get; init; }

        [CommandOption("--batch <B>")]
        [Description("Images per forward pass (default 16)")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        [CommandOption("--precision <P>")]
        [Description(PrecisionArgument.Description)]
        public string? Precision { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace an output folder that holds something")]
        public bool Overwrite { get; init; }

        public override Spectre.Console.ValidationResult Validate()
        {
            if (Model is null || Data is null || Out is null) return Spectre.Console.ValidationResult.Error("--model, --data and --out are required");
            if (Batch < 1) return Spectre.Console.ValidationResult.Error("--batch must be at least 1");
            return PrecisionArgument.Check(Precision) ?? Spectre.Console.ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        // Volumes are predicted whole (every slice, so that the volumes written are complete) unless told otherwise.
        if (!context.Arguments.Contains("--empty-slices")) options = options with { EmptySliceShare = 1 };
        ISampleSet set = string.Equals(settings.Split, "holdout", StringComparison.OrdinalIgnoreCase)
            ? OpenHeldOut(settings.Data!, settings.Model!, options)
            : OpenImages(settings.Data!, settings.Split, options);
        if (set.Count == 0) throw new RemaskDataException(settings.Data!, "no images to predict");
        var precision = PrecisionArgument.Resolve(settings.Precision);
        using var predictor = Predictor.Load(settings.Model!);
        predictor.Model.InferencePrecision = precision.Precision;
        int n = Ui.WithProgress($"Predicting {set.Count} image(s)",
            p => predictor.WriteAll(set, settings.Out!, settings.Overwrite, p, settings.Batch, cancellationToken));
        Console.Out.WriteLine($"wrote {n} probability map(s) and mask(s) to {Path.GetFullPath(settings.Out!)}");
        return CliApp.Ok;
    }

    /// <summary>The samples of the dataset's training split that the run <paramref name="run"/> held out.</summary>
    private static ISampleSet OpenHeldOut(string path, string run, DatasetOptions options)
    {
        var heldOut = HeldOutSamples.Of(run);
        var split = DatasetDiscovery.Discover(path, options).TrainSplit();
        var samples = split.Samples.Where(s => heldOut(s.Name)).ToList();
        if (samples.Count == 0) throw new RemaskDataException(path, $"holds none of the images that {run} held out");
        return DatasetDiscovery.Open(new DatasetSplit("holdout", samples), options);
    }

    /// <summary>A plain folder of image files, or the samples of a dataset folder.</summary>
    internal static ISampleSet OpenImages(string path, string? split, DatasetOptions options)
    {
        if (!Directory.Exists(path)) throw new RemaskDataException(path, "no such folder");
        var plain = SampleFileNames.ImagesIn(path);
        if (plain.Count > 0 && split is null)
        {
            var refs = plain.Select(f => new SampleRef(Path.GetFileNameWithoutExtension(f), f, null)).ToList();
            var dup = refs.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new RemaskDataException(path, $"two images are named '{dup.Key}' (with different extensions)");
            return new FileSampleSet(refs, options.Foreground);
        }
        var index = DatasetDiscovery.Discover(path, options);
        if (split is not null)
            return DatasetDiscovery.Open(index.Split(split) ?? throw new RemaskUsageException($"--split: {path} has no split '{split}' (it has {string.Join(", ", index.Splits.Select(s => s.Name))})"), options);
        var all = index.Splits.SelectMany(s => s.Samples).ToList();
        return DatasetDiscovery.Open(new DatasetSplit("all", all), options);
    }
}
