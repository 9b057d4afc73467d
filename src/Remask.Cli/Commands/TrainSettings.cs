using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>The options of <c>remask train</c>: one training run. <c>remask experiment</c> builds one per cell, so that a
/// cell trains exactly as the same <c>remask train</c> command line would.</summary>
internal sealed class TrainSettings : RelabelingSettings
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

    [CommandOption("--ensemble <M>")]
    [Description("Train a deep ensemble instead of one model: M members with seeds K..K+M-1 in OUT/member-00.. (for remask uncertainty --method ensemble --model OUT); running the same command again skips finished members and resumes an interrupted one")]
    public int? Ensemble { get; init; }

    [CommandOption("--overwrite")]
    [Description("Replace an existing run folder")]
    public bool Overwrite { get; init; }

    public override ValidationResult Validate()
    {
        if (Ensemble is not null)
        {
            if (Ensemble < 2) return ValidationResult.Error($"--ensemble: an ensemble needs at least 2 members, got {Ensemble}");
            if (Resume is not null) return ValidationResult.Error("--ensemble continues by itself: run the same command again (finished members are skipped, an interrupted one resumed) instead of --resume");
            if (Method != "none") return ValidationResult.Error("--ensemble trains plain members (--method none); relabel or reweight one model instead");
        }
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
