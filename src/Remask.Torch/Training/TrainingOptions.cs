using System.Text.Json;
using Remask.Core;
using Remask.Torch.Interchange;
using Remask.Torch.Models;

namespace Remask.Torch.Training;

/// <summary>
/// Everything that determines a training run besides its data. Two runs with equal options and data give
/// identical weights on the same machine with the same number of threads (see docs/training.md, "Determinism").
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs to train (a resume may raise it).</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Images and masks are resized to Size x Size (a multiple of 2^depth, 16 for U-Net-S).</summary>
    public int Size { get; init; } = 64;
    /// <summary>Images per training step.</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>
    /// The run's seed: weight initialisation, shuffle order, augmentation and dropout follow from it.
    /// </summary>
    public long Seed { get; init; }
    /// <summary>The random augmentations of the training images.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();
    /// <summary>Encoder widths then the bottleneck width.</summary>
    public IReadOnlyList<int> Widths { get; init; } = UNetSConfig.ReferenceWidths;
    /// <summary>U-Net-S's spatial dropout rate, in [0, 1).</summary>
    public double DropoutP { get; init; } = 0.2;
    /// <summary>Probability at or above which a pixel counts as foreground when scoring and predicting.</summary>
    public double Threshold { get; init; } = 0.5;
    /// <summary>The default of <see cref="PrefetchBatches"/>.</summary>
    public const int DefaultPrefetchBatches = 2;

    /// <summary>
    /// Batches prepared ahead on a background thread (2 by default); 0 prepares each batch on the training thread.
    /// Both give identical weights. The training step passes no temporary TorchSharp Scalar to libtorch (own BatchNorm,
    /// <see cref="ScalarSafeAdam"/>, explicit Scalars in the loss): with TorchSharp's BatchNorm2d and Adam, the
    /// background thread's garbage collections freed such Scalars during native calls and long runs crashed
    /// (docs/training.md, "Data loading").
    /// </summary>
    public int PrefetchBatches { get; init; } = DefaultPrefetchBatches;

    /// <summary>Relabeling during training (null: train on the masks as they are, method "none").</summary>
    public Relabeling.RelabelOptions? Relabel { get; init; }

    /// <summary>Pixel reweighting from a clean subset (null: off; method "reweight" when set).</summary>
    public Reweighting.ReweightOptions? Reweight { get; init; }

    /// <summary>The network these options describe for images of <paramref name="inChannels"/> channels.</summary>
    public UNetSConfig ModelConfig(int inChannels) => new(inChannels, Widths, DropoutP);

    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range, or for relabeling and reweighting both set.
    /// </summary>
    public void Validate()
    {
        if (Epochs < 1) throw new RemaskUsageException($"--epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) throw new RemaskUsageException($"--batch must be at least 1, got {BatchSize}");
        if (!(LearningRate > 0)) throw new RemaskUsageException($"--lr must be positive, got {LearningRate}");
        if (Widths.Count < 2 || Widths.Any(w => w < 1)) throw new RemaskUsageException("widths: at least two positive values (encoder stages, then the bottleneck)");
        int multiple = 1 << (Widths.Count - 1);
        if (Size < multiple || Size % multiple != 0)
            throw new RemaskUsageException($"--size must be a positive multiple of {multiple} for this network, got {Size}");
        if (!(DropoutP >= 0 && DropoutP < 1)) throw new RemaskUsageException($"dropout must be in [0, 1), got {DropoutP}");
        if (!(Threshold > 0 && Threshold < 1)) throw new RemaskUsageException($"threshold must be in (0, 1), got {Threshold}");
        if (PrefetchBatches < 0) throw new RemaskUsageException("prefetch: zero or more batches");
        Augmentation.Validate();
        Relabel?.Validate();
        Reweight?.Validate();
        if (Relabel is not null && Reweight is not null) throw new RemaskUsageException("relabeling and reweighting are two methods: choose one");
    }

    /// <summary>
    /// True when the options describe the same run, whatever the number of epochs (which a resume may raise)
    /// and the prefetch depth (which does not change the weights).
    /// Compares the whole record as it is serialized (every setting, nested records and lists included), so that
    /// a setting added later cannot be left out of the comparison.
    /// </summary>
    public bool SameAs(TrainingOptions other) => Comparable(this) == Comparable(other);

    private static string Comparable(TrainingOptions o) =>
        JsonSerializer.Serialize(o with { Epochs = 0, PrefetchBatches = 0 }, Json.Options);
}
