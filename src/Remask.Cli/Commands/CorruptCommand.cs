using System.ComponentModel;
using System.Globalization;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Remask.Core.Noise;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask corrupt MASKS_DIR --noise NAME [--seed K] --out DIR</c>: writes noisy copies of clean masks (the
/// paper's polygon noise and others), same file names, and prints the mean Dice of noisy against clean. A folder of
/// label volumes (.nii/.nii.gz, e.g. Decathlon's labelsTr) gets noisy volumes, corrupted slice by slice (axial),
/// that keep their source's header and affine.
/// </summary>
internal sealed class CorruptCommand : Command<CorruptCommand.Settings>
{
    internal sealed class Settings : MaskFolderSettings
    {
        [CommandArgument(0, "<MASKS_DIR>")]
        [Description("Folder of clean masks (images, or label volumes .nii/.nii.gz)")]
        public string Masks { get; init; } = "";

        [CommandOption("--noise <NAME>")]
        [Description("poly3 | poly7 | polyK | smooth | smoothK | dilate | erode | affine | markov | drop | mix (see docs/noise-and-metrics.md)")]
        public string? Noise { get; init; }

        [CommandOption("--mix <SPEC>")]
        [Description("With --noise mix: models and weights, e.g. poly3=1,dilate=2,clean=1 (default: " + NoiseModels.DefaultMixSpec + ")")]
        public string? Mix { get; init; }

        [CommandOption("--seed <K>")]
        [Description("Seed; each mask's noise depends on the seed and the file name only (default 0)")]
        [DefaultValue(0UL)]
        public ulong Seed { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ILabelNoise noise = Model(settings);
        ForegroundRule rule = DerivedMaskStamp.RuleFor(settings.Masks, settings.ForegroundRule());
        string output = MaskFolder.CheckOutput(settings.Out, settings.Masks, settings.Overwrite);
        if (VolumeMaskFolder.Holds(settings.Masks)) return CorruptVolumes(settings, noise, rule, output, cancellationToken);
        var rows = Corrupt(settings.Masks, noise, settings.Seed, rule, output, settings.Overwrite, cancellationToken);

        double meanDice = rows.Average(r => r.Dice);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count} masks -> {output}: noise {noise.Name}, seed {settings.Seed}, mean Dice noisy vs clean {meanDice:F4}"));
        if (noise is MixedNoise)
            foreach (var g in rows.GroupBy(r => r.Model).OrderBy(g => g.Key, StringComparer.Ordinal))
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Key}: {g.Count()} masks, mean Dice {g.Average(r => r.Dice):F4}"));
        return CliApp.Ok;
    }

    /// <summary>Writes noisy copies of the masks in <paramref name="masks"/> to <paramref name="output"/> (atomically, with
    /// Remask's note) and returns each one's noise model and Dice with its clean mask; also used by <c>remask experiment</c>.</summary>
    internal static IReadOnlyList<(string Model, double Dice)> Corrupt(string masks, ILabelNoise noise, ulong seed, ForegroundRule rule, string output,
        bool overwrite, CancellationToken cancellationToken)
    {
        var inputs = MaskFolder.List(masks);
        return MaskFolder.Transform(inputs, output, overwrite, rule, $"remask corrupt --noise {noise.Name} --seed {seed}", $"Corrupting masks ({noise.Name})",
            (name, clean) =>
            {
                ulong maskSeed = NoiseRandom.SeedFor(seed, name);
                string model = noise is MixedNoise mix ? mix.Pick(maskSeed).Name : noise.Name;
                Mask noisy = noise.Apply(clean, maskSeed);
                return (noisy, (Model: model, Dice: ConfusionCounts.Of(noisy, clean).Dice));
            }, cancellationToken);
    }

    /// <summary>Label volumes: every axial slice corrupted on its own, seeded by the slice's sample name
    /// (VOLUME_zSSS, as the volume dataset names it); the Dice printed is the 3-D Dice per volume.</summary>
    private static int CorruptVolumes(Settings settings, ILabelNoise noise, ForegroundRule rule, string output, CancellationToken cancellationToken)
    {
        var dice = VolumeMaskFolder.Transform(settings.Masks, output, settings.Overwrite, rule, $"remask corrupt --noise {noise.Name} --seed {settings.Seed}",
            $"Corrupting label volumes ({noise.Name})",
            (name, labels, clean) =>
            {
                byte[] noisy = VolumeNoise.Apply(noise, clean, labels.Nx, labels.Ny, labels.Nz,
                    k => NoiseRandom.SeedFor(settings.Seed, DecathlonLayout.SliceName(name, k)));
                return (noisy, ConfusionCounts.Of(noisy, clean).Dice);
            }, cancellationToken);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{dice.Count} label volumes -> {output}: noise {noise.Name} slice by slice, seed {settings.Seed}, mean 3-D Dice noisy vs clean {dice.Average():F4}"));
        return CliApp.Ok;
    }

    private static ILabelNoise Model(Settings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Noise)) throw new RemaskUsageException("--noise NAME is required (e.g. poly3, poly7, smooth, dilate, mix)");
        bool isMix = settings.Noise.Trim().Equals("mix", StringComparison.OrdinalIgnoreCase);
        if (settings.Mix is not null && !isMix) throw new RemaskUsageException("--mix goes with --noise mix");
        return isMix && settings.Mix is not null ? NoiseModels.ParseMix(settings.Mix) : NoiseModels.Parse(settings.Noise);
    }
}
