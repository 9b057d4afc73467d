using System.ComponentModel;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Remask.Core.Relabeling;
using Remask.Core.Uncertainty;
using Remask.Torch.Interchange;
using Remask.Torch.Relabeling;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask relabel</c>, one shot, in two forms: with a trained model (<c>--model RUN --data DATASET [--masks DIR]</c>:
/// uncertainty maps from the model, then the flip policy), or model-agnostic (<c>--probs DIR --masks DIR</c>: N
/// probability samples per image from any model; no libtorch is loaded). Writes OUT/masks/NAME.png (0/255),
/// OUT/relabel.csv (one row per image) and OUT/label-quality.csv (worst first), and for a dataset of volumes (Decathlon)
/// OUT/volumes/ (the repaired label volumes under the input volumes' names); the folder appears only when complete.
/// </summary>
internal sealed class RelabelCommand : Command<RelabelCommand.Settings>
{
    internal sealed class Settings : RelabelingSettings
    {
        [CommandOption("--model <RUN>")]
        [Description("Run folder of a trained model (or, with --uncertainty ensemble, a folder of member runs)")]
        public string? Model { get; init; }

        [CommandOption("--data <DATASET>")]
        [Description("With --model: the dataset whose masks to repair (its train split, or --split)")]
        public string? Data { get; init; }

        [CommandOption("--split <NAME>")]
        [Description("With --model: the split to relabel (default train)")]
        public string? Split { get; init; }

        [CommandOption("--probs <DIR>")]
        [Description("Model-agnostic: per image NAME, a folder NAME/ of N gray PNGs or a NAME.nii or NAME.nii.gz volume W x H x N of probabilities")]
        public string? Probs { get; init; }

        [CommandOption("--masks <DIR>")]
        [Description("The masks to repair, NAME.png (with --model: default the dataset's own)")]
        public string? Masks { get; init; }

        [CommandOption("--references <DIR>")]
        [Description("Clean masks NAME.png to score the repair against (benchmarks; never used to decide)")]
        public string? References { get; init; }

        [CommandOption("--seed <K>")]
        [Description("Seed of the dropout masks (default 0)")]
        [DefaultValue(0L)]
        public long Seed { get; init; }

        [CommandOption("--precision <P>")]
        [Description("With --model: " + PrecisionArgument.Description)]
        public string? Precision { get; init; }

        [CommandOption("--reference-size <S>")]
        [Description("Model-agnostic: the radii of the flip policy are in pixels of an S x S image and scale with the maps' size (default 64)")]
        [DefaultValue(64)]
        public int ReferenceSize { get; init; } = 64;

        [CommandOption("--out <DIR>")]
        [Description("Output folder: masks/, relabel.csv, label-quality.csv")]
        public string? Out { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace an output folder that holds something")]
        public bool Overwrite { get; init; }

        public override Spectre.Console.ValidationResult Validate()
        {
            if (Out is null) return Spectre.Console.ValidationResult.Error("--out is required");
            if ((Model is null) == (Probs is null)) return Spectre.Console.ValidationResult.Error("give either --model (with --data) or --probs (with --masks)");
            if (Model is not null && Data is null) return Spectre.Console.ValidationResult.Error("--model needs --data");
            if (Probs is not null && Masks is null) return Spectre.Console.ValidationResult.Error("--probs needs --masks (the masks to repair)");
            if (ReferenceSize < 1) return Spectre.Console.ValidationResult.Error("--reference-size must be at least 1");
            if (Precision is not null && Model is null) return Spectre.Console.ValidationResult.Error("--precision applies to --model (the network's forward passes), not to --probs");
            return PrecisionArgument.Check(Precision) ?? Spectre.Console.ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var flip = RelabelArguments.Flip(settings);
        var rule = settings.ToOptions().Foreground;
        MaskFolderSource? references = settings.References is null ? null : new MaskFolderSource(settings.References, rule);
        RelabelPassResult result = null!;
        AtomicOutput.WriteDirectory(settings.Out!, settings.Overwrite, dir =>
        {
            string masks = Path.Combine(dir, "masks");
            result = settings.Probs is not null
                ? FromProbabilities(settings, flip, rule, references, masks, cancellationToken)
                : FromModel(settings, flip, rule, references, masks, cancellationToken);
            RelabelTables.WriteImages(Path.Combine(dir, "relabel.csv"), result);
            RelabelTables.WriteRanking(Path.Combine(dir, RelabelTables.QualityFile), result);
            Remask.Reports.RelabelFigure.Write(Path.Combine(dir, "examples.png"), result.Examples);
        });
        var s = result.Summary;
        Console.Out.WriteLine($"relabeled {s.Images} mask(s): {s.ToForeground} pixel(s) to foreground, {s.ToBackground} to background, {s.Declined} declined by the guard"
            + (s.MasksDiceAfter is double after ? $"; Dice with the references {100 * s.MasksDiceBefore:F1} -> {100 * after:F1} %" : "")
            + (s.OutlineAlignment is double alignment ? FormattableString.Invariant($"; outline alignment {alignment:F2} ({(s.SnappedEveryImage ? "every image snapped to the edges" : "only images wrong by a region snapped")})") : ""));
        Console.Out.WriteLine($"output: {Path.GetFullPath(settings.Out!)} (masks/, relabel.csv, label-quality.csv)");
        return CliApp.Ok;
    }

    private static RelabelPassResult FromModel(Settings s, RelabelSettings flip, ForegroundRule rule, MaskFolderSource? references, string masksOut, CancellationToken cancellation)
    {
        var options = s.ToOptions();
        var index = DatasetDiscovery.Discover(s.Data!, options);
        var split = s.Split is null ? index.TrainSplit()
            : index.Split(s.Split) ?? throw new RemaskUsageException($"--split: {s.Data} has no split '{s.Split}'");
        var set = DatasetDiscovery.Open(split, options);
        if (set.Count == 0) throw new RemaskDataException(s.Data!, "no images to relabel");
        var labels = s.Masks is null ? null : new MaskFolderSource(s.Masks, rule);
        var precision = PrecisionArgument.Resolve(s.Precision);
        using var sampler = OpenedSampler.Open(s.Model!, s.Uncertainty, s.Samples, s.Seed, precision.Precision);
        var result = Ui.WithProgress($"Relabeling {set.Count} image(s)", p => RelabelPass.Run(sampler.Sampler, set, labels,
            references is null ? null : sample => references.TryLoad(sample.Name)
                ?? throw new RemaskDataException(references.Location, $"no reference mask for '{sample.Name}'"),
            flip, masksOut, overwrite: false, progress: p, cancellation: cancellation));
        // Slices of volumes (Decathlon): also the repaired label volumes, under the input volumes' names.
        var volumes = RepairedVolumes.Of(set, labels?.Reader);
        if (volumes.Count > 0)
            RepairedVolumes.Write(masksOut, volumes, Path.Combine(Path.GetDirectoryName(masksOut)!, "volumes"), overwrite: false, cancellation);
        return result;
    }

    private static RelabelPassResult FromProbabilities(Settings s, RelabelSettings flip, ForegroundRule rule, MaskFolderSource? references, string masksOut, CancellationToken cancellation)
    {
        var names = ProbabilityStacks.Names(s.Probs!);
        var masks = new MaskFolderSource(s.Masks!, rule);
        var tally = new RelabelTally(flip);
        int? samples = null;
        AtomicOutput.WriteDirectory(masksOut, overwrite: false, dir => Ui.WithProgress($"Relabeling {names.Count} image(s)", p =>
        {
            foreach (string name in names)
            {
                cancellation.ThrowIfCancellationRequested();
                var (stack, n, width, height) = ProbabilityStacks.Read(s.Probs!, name);
                string source = Path.Combine(s.Probs!, name);
                if (samples is int first && n != first) throw new RemaskDataException(source, $"holds {n} probability samples, the first stack {first}");
                samples = n;
                string maskPath = Path.Combine(s.Masks!, name + ".png");
                var label = masks.TryLoad(name) ?? throw new RemaskDataException(maskPath, "missing: no mask to repair for this probability stack");
                if (label.Width != width || label.Height != height)
                    throw new RemaskDataException(maskPath, $"mask is {label.Width}x{label.Height} but its probability maps are {width}x{height}");
                UncertaintyMaps maps;
                try { maps = UncertaintyMaps.Compute(stack, n, width, height); }
                catch (ArgumentException e) { throw new RemaskDataException(source, e.Message); }
                var reference = references is null ? null : references.TryLoad(name)
                    ?? throw new RemaskDataException(references.Location, $"no reference mask for '{name}'");
                var next = tally.Add(name, label, maps, Math.Max(width, height) / (double)s.ReferenceSize, reference, source);
                PngWriter.WriteMask(Path.Combine(dir, MaskFolderReader.WrittenName(name, masks.PathOf(name))), next);
                p.Report((tally.Count, names.Count));
            }
            DerivedMaskStamp.Write(dir, "relabel");
        }));
        return tally.Result();
    }
}
