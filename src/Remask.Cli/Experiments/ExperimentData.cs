using Remask.Cli.Commands;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Noise;
using Remask.Core.Synthetic;

namespace Remask.Cli.Experiments;

/// <summary>The data of one column of an experiment: the dataset, and for a noise its noisy training and test masks.</summary>
/// <param name="Data">The dataset folder (clean masks).</param>
/// <param name="TrainMasks">Noisy training masks (null for the clean row).</param>
/// <param name="TestNoisyMasks">Noisy test masks for D_noisy (null for the clean row).</param>
internal sealed record ExperimentData(string Data, string? TrainMasks, string? TestNoisyMasks)
{
    /// <summary>Seeds of the synthetic data and of the noise on the training and test masks, as bench/relabel/grid.sh.</summary>
    public const int SynthSeed = 2021, TrainNoiseSeed = 2021, TestNoiseSeed = 2022;

    /// <summary>The dataset's name in the cells' keys and the tables: synth-derm, synth-ct, synth-derm-hard,
    /// synth-ct-hard or the folder's name.</summary>
    public static string NameOf(string dataset) => SyntheticDatasets.IsDatasetName(dataset) ? dataset
        : Path.GetFileName(Path.TrimEndingDirectorySeparator(dataset));

    /// <summary>Writes what is missing (the synthetic dataset, the noisy masks) into OUT/data and returns the folders.
    /// Every folder is written atomically, so one that exists is complete.</summary>
    public static ExperimentData Prepare(ExperimentSpec spec, string outDir, string dataset, string noise, CancellationToken cancellationToken)
    {
        string name = NameOf(dataset), data;
        if (SyntheticDatasets.IsDatasetName(dataset))
        {
            data = Path.Combine(outDir, "data", name);
            var (kind, difficulty) = SyntheticDatasets.ParseDatasetName(dataset);
            var manifest = SynthCommand.Manifest.For(kind, difficulty, spec.Train, spec.Test, spec.Size, SynthSeed);
            string stored = Path.Combine(data, "synth.json");
            if (!File.Exists(stored) || File.ReadAllText(stored) != SynthCommand.ManifestJson(manifest))
                SynthCommand.Write(manifest, data, overwrite: true, cancellationToken);
        }
        else data = dataset;
        if (noise == "clean") return new ExperimentData(data, null, null);
        var model = NoiseModels.Parse(noise);
        return new ExperimentData(data,
            Corrupt(Path.Combine(data, "train", "masks"), model, TrainNoiseSeed, Path.Combine(outDir, "data", $"{name}-{noise}-train"), cancellationToken),
            Corrupt(Path.Combine(data, "test", "masks"), model, TestNoiseSeed, Path.Combine(outDir, "data", $"{name}-{noise}-test"), cancellationToken));
    }

    /// <summary>Checks, before any work, that a dataset folder has the clean masks the noise is applied to.</summary>
    public static void Check(string dataset)
    {
        if (SyntheticDatasets.IsDatasetName(dataset))
        {
            SyntheticDatasets.ParseDatasetName(dataset);
            return;
        }
        foreach (string split in new[] { "train", "test" })
            if (!Directory.Exists(Path.Combine(dataset, split, "masks")))
                throw new RemaskDataException(dataset, $"--dataset: expected synth-derm, synth-ct, synth-derm-hard, synth-ct-hard or a dataset folder with {split}/masks");
    }

    private static string Corrupt(string masks, ILabelNoise noise, int seed, string output, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(output))
            CorruptCommand.Corrupt(masks, noise, (ulong)seed, DerivedMaskStamp.RuleFor(masks, ForegroundRule.AnyPositive), output, overwrite: false, cancellationToken);
        return output;
    }
}
