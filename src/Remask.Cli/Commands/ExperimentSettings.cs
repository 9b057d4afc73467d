using System.ComponentModel;
using System.Globalization;
using Remask.Core;
using Remask.Core.Noise;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>The options of <c>remask experiment</c>: the grid of cells (datasets x noises x methods x seeds) and the
/// training options every cell shares (the relabeling options of <see cref="RelabelingSettings"/> included).</summary>
internal sealed class ExperimentSettings : RelabelingSettings
{
    internal static readonly string[] KnownMethods = ["none", "relabel", "reweight"];

    [CommandOption("--dataset <NAMES>")]
    [Description("synth-derm, synth-ct, their hard variants synth-derm-hard, synth-ct-hard (written into OUT/data) or a dataset folder with train/masks and test/masks; comma-separated for several")]
    public string? Dataset { get; init; }

    [CommandOption("--noise <LIST>")]
    [Description("Noise types of the training masks, comma-separated: clean (the clean-GT row), poly3, poly7, smooth, ... (default clean,poly3,poly7,smooth)")]
    [DefaultValue("clean,poly3,poly7,smooth")]
    public string Noise { get; init; } = "clean,poly3,poly7,smooth";

    [CommandOption("--methods <LIST>")]
    [Description("none, relabel, reweight, comma-separated (default none,relabel)")]
    [DefaultValue("none,relabel")]
    public string Methods { get; init; } = "none,relabel";

    [CommandOption("--seeds <LIST>")]
    [Description("Training seeds, comma-separated (default 1,2,3)")]
    [DefaultValue("1,2,3")]
    public string Seeds { get; init; } = "1,2,3";

    [CommandOption("--epochs <E>")]
    [Description("Epochs of every run (default 16)")]
    [DefaultValue(16)]
    public int Epochs { get; init; } = 16;

    [CommandOption("--size <S>")]
    [Description("Image size of the synthetic data and of training, a multiple of 16 (default 64)")]
    [DefaultValue(64)]
    public int Size { get; init; } = 64;

    [CommandOption("--train <N>")]
    [Description("Synthetic data: training images (default 400)")]
    [DefaultValue(400)]
    public int Train { get; init; } = 400;

    [CommandOption("--test <M>")]
    [Description("Synthetic data: test images (default 100)")]
    [DefaultValue(100)]
    public int Test { get; init; } = 100;

    [CommandOption("--clean-subset <COUNT>")]
    [Description("reweight: this many training images whose clean masks the method may use")]
    public int? CleanSubset { get; init; }

    [CommandOption("--relabel-at <WHEN>")]
    [Description("relabel: auto, adele or an epoch number (default auto)")]
    [DefaultValue("auto")]
    public string RelabelAt { get; init; } = "auto";

    [CommandOption("--batch <B>")]
    [Description("Batch size (default 16)")]
    [DefaultValue(16)]
    public int Batch { get; init; } = 16;

    [CommandOption("--widths <LIST>")]
    [Description("Encoder widths and bottleneck width (default 16,32,64,128,256)")]
    public string? Widths { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Experiment folder: data/, runs/ (one per cell), results.json, results.md, report.html")]
    public string? Out { get; init; }

    [CommandOption("--jobs <N>")]
    [Description("Cells trained at once, each in a remask process of its own with cores / N libtorch threads (default: 2 on a machine with 2 or more cores, where two cells at once took 0.68 of the time of one after the other on 2 cores; 1: one cell at a time on every core; docs/experiments.md)")]
    public int? Jobs { get; init; }

    /// <summary>The cells to train at once: <see cref="Jobs"/>, or by default 2 where the machine has 2 or more cores.</summary>
    public int JobCount => Jobs ?? Math.Min(2, Environment.ProcessorCount);

    /// <summary>Set by <see cref="Experiments.CellLanes"/> for the processes it starts: train only this cell (and write
    /// no tables). Not for users.</summary>
    [CommandOption("--cell <KEY>", IsHidden = true)]
    public string? Cell { get; init; }

    public IReadOnlyList<string> Datasets => List(Dataset ?? "");
    public IReadOnlyList<string> Noises => List(Noise);
    public IReadOnlyList<string> MethodList => List(Methods);
    public IReadOnlyList<long> SeedList => List(Seeds).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Dataset) || Datasets.Count == 0) return ValidationResult.Error("--dataset is required (synth-derm, synth-ct, synth-derm-hard, synth-ct-hard or a dataset folder)");
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out is required (the experiment folder)");
        if (Noises.Count == 0 || MethodList.Count == 0) return ValidationResult.Error("--noise and --methods each need at least one name");
        foreach (string noise in Noises.Where(n => n != "clean"))
        {
            try { NoiseModels.Parse(noise); }
            catch (RemaskUsageException e) { return ValidationResult.Error($"--noise: {e.Message}"); }
        }
        if (MethodList.FirstOrDefault(m => !KnownMethods.Contains(m)) is string bad)
            return ValidationResult.Error($"--methods: unknown method '{bad}' (expected {string.Join(", ", KnownMethods)})");
        if (MethodList.Contains("reweight") && CleanSubset is null)
            return ValidationResult.Error("--methods reweight needs --clean-subset COUNT (training images whose clean masks it may use)");
        if (CleanSubset is < 1) return ValidationResult.Error("--clean-subset must be at least 1");
        if (List(Seeds).Any(s => !long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) || List(Seeds).Count == 0)
            return ValidationResult.Error($"--seeds: expected integers separated by commas, got '{Seeds}'");
        if (Epochs < 1 || Size < 16 || Size % 16 != 0) return ValidationResult.Error("--epochs must be at least 1 and --size a multiple of 16");
        if (Train < 2 || Test < 1) return ValidationResult.Error("--train must be at least 2 and --test at least 1");
        if (Jobs is < 1) return ValidationResult.Error($"--jobs must be at least 1, got {Jobs}");
        return ValidationResult.Success();
    }

    private static List<string> List(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
}
