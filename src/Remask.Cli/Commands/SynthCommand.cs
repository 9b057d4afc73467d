using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Remask.Core;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Remask.Core.Synthetic;
using Remask.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask synth</c>: writes a built-in synthetic dataset in the generic pairs layout
/// (<c>OUT/train/images</c>, <c>OUT/train/masks</c>, <c>OUT/test/...</c>) with a manifest <c>OUT/synth.json</c>,
/// at the standard or the hard difficulty (<c>--difficulty</c>).
/// </summary>
internal sealed class SynthCommand : Command<SynthCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--kind <KIND>")]
        [Description("derm (RGB dermatoscopy-like) or ct (abdominal CT slice with a liver)")]
        public string Kind { get; init; } = "derm";

        [CommandOption("--difficulty <LEVEL>")]
        [Description("standard (the default: the datasets of every earlier benchmark, unchanged) or hard (ambiguous borders, irregular outlines, occlusion; docs/synthetic-data.md)")]
        [DefaultValue("standard")]
        public string Difficulty { get; init; } = "standard";

        [CommandOption("--train <N>")]
        [Description("Number of training images (default 400)")]
        [DefaultValue(400)]
        public int Train { get; init; } = 400;

        [CommandOption("--test <M>")]
        [Description("Number of test images (default 100)")]
        [DefaultValue(100)]
        public int Test { get; init; } = 100;

        [CommandOption("--size <S>")]
        [Description("Image side in pixels (default 64)")]
        [DefaultValue(64)]
        public int Size { get; init; } = 64;

        [CommandOption("--seed <K>")]
        [Description("Generator seed of the training split; the test split uses a seed derived from it (default 2021)")]
        [DefaultValue(2021)]
        public int Seed { get; init; } = 2021;

        [CommandOption("--out <DIR>")]
        [Description("Output folder")]
        public string? Out { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace an output folder that holds something else")]
        public bool Overwrite { get; init; }

        [CommandOption("--preview <PNG>")]
        [Description("Also write a grid of the first 16 training images with their mask outlines")]
        public string? Preview { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out is required");
            if (Train < 0 || Test < 0) return ValidationResult.Error("--train and --test must be 0 or more");
            if (Train + Test == 0) return ValidationResult.Error("--train and --test are both 0: nothing to write");
            if (Size < SyntheticDatasets.MinSize || Size > SyntheticDatasets.MaxSize)
                return ValidationResult.Error($"--size must be {SyntheticDatasets.MinSize} to {SyntheticDatasets.MaxSize}");
            try { SyntheticDifficulties.Parse(Difficulty); }
            catch (RemaskUsageException e) { return ValidationResult.Error(e.Message); }
            return ValidationResult.Success();
        }
    }

    /// <summary>
    /// What a synthetic dataset folder holds; two runs with the same manifest write the same files.
    /// <see cref="Difficulty"/> is written only when it is not standard, so that a standard dataset's synth.json is
    /// the same as before the hard variants existed (and <c>remask experiment</c> keeps reusing its data).
    /// </summary>
    internal sealed record Manifest(string Kind, int Train, int Test, int Size, int Seed, int TestSeed, int Version = 1,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Difficulty = null)
    {
        /// <summary>The manifest of <paramref name="kind"/> at <paramref name="difficulty"/>.</summary>
        public static Manifest For(SyntheticKind kind, SyntheticDifficulty difficulty, int train, int test, int size, int seed) =>
            new(SyntheticDatasets.Name(kind), train, test, size, seed, SyntheticSplits.TestSeed(seed),
                Difficulty: difficulty == SyntheticDifficulty.Standard ? null : SyntheticDifficulties.Name(difficulty));

        [JsonIgnore]
        public SyntheticDifficulty Level => Difficulty is null ? SyntheticDifficulty.Standard : SyntheticDifficulties.Parse(Difficulty);

        /// <summary>"synth-derm", "synth-ct-hard": the name in messages.</summary>
        [JsonIgnore]
        public string DatasetName => SyntheticDatasets.DatasetName(SyntheticDatasets.ParseKind(Kind), Level);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        SyntheticKind kind = SyntheticDatasets.ParseKind(settings.Kind);
        var difficulty = SyntheticDifficulties.Parse(settings.Difficulty);
        string outDir = settings.Out!;
        var manifest = Manifest.For(kind, difficulty, settings.Train, settings.Test, settings.Size, settings.Seed);
        string manifestJson = ManifestJson(manifest);

        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            string existing = Path.Combine(outDir, "synth.json");
            if (File.Exists(existing) && File.ReadAllText(existing) == manifestJson && !settings.Overwrite)
            {
                Ui.Err.MarkupLine($"{Markup.Escape(outDir)} already holds this dataset; nothing to do.");
                WritePreview(settings, kind, difficulty, cancellationToken);
                return CliApp.Ok;
            }
            if (!settings.Overwrite)
                throw new RemaskDataException(outDir, "the output folder already holds a different dataset; pass --overwrite to replace it");
        }

        double[] shares = Write(manifest, outDir, settings.Overwrite, cancellationToken);
        int total = settings.Train + settings.Test;
        Ui.Out.MarkupLine($"Wrote [bold]{total}[/] {manifest.DatasetName} images ({settings.Train} train, {settings.Test} test, {settings.Size}x{settings.Size}) to {Markup.Escape(outDir)}");
        Ui.Out.MarkupLine($"Mean foreground share {shares.Average() * 100:F1} %, {shares.Count(s => s == 0)} image(s) without an object.");
        WritePreview(settings, kind, difficulty, cancellationToken);
        return CliApp.Ok;
    }

    /// <summary>Writes the dataset that <paramref name="manifest"/> describes to <paramref name="outDir"/> (atomically)
    /// and returns every image's foreground share; also used by <c>remask experiment</c>.</summary>
    internal static double[] Write(Manifest manifest, string outDir, bool overwrite, CancellationToken cancellationToken)
    {
        SyntheticKind kind = SyntheticDatasets.ParseKind(manifest.Kind);
        string manifestJson = ManifestJson(manifest);
        var splits = new List<(string Name, SyntheticSampleSet Set)>();
        if (manifest.Train > 0) splits.Add(("train", new SyntheticSampleSet(kind, manifest.Train, manifest.Size, manifest.Seed, manifest.Level)));
        if (manifest.Test > 0) splits.Add(("test", new SyntheticSampleSet(kind, manifest.Test, manifest.Size, manifest.TestSeed, manifest.Level)));
        int total = manifest.Train + manifest.Test;
        var shares = new double[total];

        Ui.WithProgress($"Writing {total} {manifest.DatasetName} images", progress =>
            AtomicOutput.WriteDirectory(outDir, overwrite, temp =>
            {
                int done = 0, offset = 0;
                foreach (var (name, set) in splits)
                {
                    string images = Path.Combine(temp, name, "images"), masks = Path.Combine(temp, name, "masks");
                    Directory.CreateDirectory(images);
                    Directory.CreateDirectory(masks);
                    int start = offset;
                    Parallel.For(0, set.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                    {
                        var sample = set.Load(i);
                        PngWriter.WriteImage(Path.Combine(images, sample.Name + ".png"), sample.Image);
                        PngWriter.WriteMask(Path.Combine(masks, sample.Name + ".png"), sample.Mask!);
                        shares[start + i] = sample.Mask!.ForegroundShare;
                        progress.Report((Interlocked.Increment(ref done), total));
                    });
                    offset += set.Count;
                }
                File.WriteAllText(Path.Combine(temp, "synth.json"), manifestJson);
            }));

        return shares;
    }

    /// <summary>synth.json's text: two datasets with the same text hold the same files.</summary>
    internal static string ManifestJson(Manifest manifest) => JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true });

    private static void WritePreview(Settings settings, SyntheticKind kind, SyntheticDifficulty difficulty, CancellationToken cancellationToken)
    {
        if (settings.Preview is null) return;
        Montage.WriteSyntheticPreview(kind, Math.Min(16, Math.Max(1, settings.Train)), settings.Size, settings.Seed, settings.Preview,
            cancellationToken, difficulty);
        Ui.Out.MarkupLine($"Preview: {Markup.Escape(settings.Preview)}");
    }
}
