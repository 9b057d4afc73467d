using System.ComponentModel;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Interchange;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask uncertainty --model RUN --data DATASET --method mcdo|tta|tta+mcdo|ensemble [--samples N] --out DIR</c>:
/// per image, at its original size, 16-bit maps of aleatoric and epistemic uncertainty and of the mean probability, a
/// heat map over the image, and uncertainty.csv; with <c>--masks</c> (noisy) and clean masks in the dataset, the pixel
/// AUROC of each map as a detector of wrong labels.
/// </summary>
internal sealed class UncertaintyCommand : Command<UncertaintyCommand.Settings>
{
    internal static readonly string[] Methods = ["mcdo", "tta", "tta+mcdo", "ensemble"];

    internal sealed class Settings : DatasetSettings
    {
        [CommandOption("--model <RUN>")]
        [Description("Run folder of a trained model; for --method ensemble, a folder holding the members' run folders")]
        public string? Model { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("A folder of images, or a dataset folder (all its splits, or only --split)")]
        public string? Data { get; init; }

        [CommandOption("--split <NAME>")]
        [Description("Dataset split (train, validation, test)")]
        public string? Split { get; init; }

        [CommandOption("--masks <DIR>")]
        [Description("Noisy masks NAME.png: score each map as a detector of wrong labels (noisy XOR the dataset's clean masks)")]
        public string? Masks { get; init; }

        [CommandOption("--method <METHOD>")]
        [Description("mcdo (Monte Carlo dropout), tta (test-time augmentation), tta+mcdo (both), ensemble")]
        public string? Method { get; init; }

        [CommandOption("--samples <N>")]
        [Description("Samples per image: mcdo (default 8); tta 2..8 views (default 8); tta+mcdo dropout samples per each of the 8 views (default 2); ensemble: first N members (default all)")]
        public int? Samples { get; init; }

        [CommandOption("--seed <K>")]
        [Description("Seed of the dropout masks (default 0)")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        [CommandOption("--batch <B>")]
        [Description("Images per batch (default 16)")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        [CommandOption("--precision <P>")]
        [Description(PrecisionArgument.Description)]
        public string? Precision { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder (appears only when complete)")]
        public string? Out { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace an output folder that holds something")]
        public bool Overwrite { get; init; }

        public override Spectre.Console.ValidationResult Validate()
        {
            if (Model is null || Data is null || Out is null || Method is null)
                return Spectre.Console.ValidationResult.Error("--model, --data, --method and --out are required");
            if (!Methods.Contains(Method)) return Spectre.Console.ValidationResult.Error($"--method: unknown method '{Method}' (use {string.Join(", ", Methods)})");
            if (Samples is < 2) return Spectre.Console.ValidationResult.Error($"--samples must be at least 2, got {Samples}");
            if (Batch < 1) return Spectre.Console.ValidationResult.Error("--batch must be at least 1");
            return PrecisionArgument.Check(Precision) ?? Spectre.Console.ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        ISampleSet set = PredictCommand.OpenImages(settings.Data!, settings.Split, options);
        if (set.Count == 0) throw new RemaskDataException(settings.Data!, "no images");
        var readRule = options.Foreground;
        IMaskSource? noisy = settings.Masks is null ? null : new MaskFolderSource(settings.Masks, readRule);
        var precision = PrecisionArgument.Resolve(settings.Precision);
        var (sampler, output) = UncertaintyOutput.Open(set, settings.Model!, settings.Method!, settings.Samples, settings.Seed, noisy, precision.Precision);
        using var _ = sampler;
        var summary = Ui.WithProgress($"Uncertainty ({sampler.Sampler.Method}, {sampler.Sampler.Samples} samples) of {set.Count} image(s)",
            p => output.WriteAll(settings.Out!, settings.Overwrite, settings.Batch, p, cancellationToken));
        foreach (string line in summary) Console.Out.WriteLine(line);
        Console.Out.WriteLine($"wrote maps of {set.Count} image(s) to {Path.GetFullPath(settings.Out!)}");
        return CliApp.Ok;
    }

}
