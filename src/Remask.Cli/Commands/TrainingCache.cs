using System.Globalization;
using Remask.Core.Datasets;
using Remask.Core.Datasets.Preprocessed;
using Remask.Core.Imaging;
using Remask.Torch.Training;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>train --cache</c>: the training and test sets, and the mask folders that replace their masks, read from the
/// preprocessed cache (<see cref="PreprocessedCache"/>) instead of decoding every file every epoch. The batches are the
/// same: the cache holds exactly what the batch assembler would have resized, except for JPEGs at least twice the
/// training size each way, which the first pass decodes at a DCT scale (docs/datasets.md gives the difference).
/// </summary>
internal static class TrainingCache
{
    public static TrainingData Wrap(TrainingData data, DatasetSplit train, DatasetSplit? test, int size, DatasetOptions options, CancellationToken cancellationToken)
    {
        // the JPEG decoder is part of the key: another decoder (or DCT scaling) gives other pixels
        string settings = string.Create(CultureInfo.InvariantCulture,
            $"foreground {options.Foreground}|window {options.WindowLevel:R}/{options.WindowWidth:R}|jpeg {JpegReader.Decoder.Name}");
        var (trainSet, trainMasks) = Cached("training", FirstPass(data.Train, train, size, options), train, data.TrainMasks, size, settings, cancellationToken);
        ISampleSet? testSet = null;
        IMaskSource? testNoisy = null;
        if (data.Test is not null && test is not null)
            (testSet, testNoisy) = Cached("test", FirstPass(data.Test, test, size, options), test, data.TestNoisyMasks, size, settings, cancellationToken);
        return new TrainingData(trainSet, trainMasks, testSet, testNoisy);
    }

    /// <summary>What the first pass reads: image files without the in-memory cache of decoded samples (each is read
    /// once, so keeping 64 full-size images would only cost memory), read at the training size (so that a JPEG much
    /// larger than it is decoded at a DCT scale of 1/2, 1/4 or 1/8 where the decoder can); volume sets as they are
    /// (they keep 2 volumes).</summary>
    private static ISampleSet FirstPass(ISampleSet set, DatasetSplit split, int size, DatasetOptions options) =>
        set is FileSampleSet ? new FileSampleSet(split.Samples, options.Foreground, cacheSize: 0, size: size) : set;

    /// <summary>Masks resized to the training size as they are read (for mask folders written during the run).</summary>
    public static IMaskSource Resized(IMaskSource source, int size) => new ResizedMasks(source, size);

    private static (ISampleSet, IMaskSource?) Cached(string label, ISampleSet set, DatasetSplit split, IMaskSource? masks, int size, string settings,
        CancellationToken cancellationToken)
    {
        MaskFolderReader[] folders = masks is MaskFolderSource m ? [m.Reader] : [];
        if (masks is not null && folders.Length == 0) throw new InvalidOperationException($"cannot cache masks from {masks.Location}");
        var cached = Ui.WithProgress($"Preprocessing the {label} samples (first pass; cached for later runs)",
            p => PreprocessedCache.Open(set, split.Samples, folders, size, settings, CacheFolders.Preprocessed(), p, cancellationToken));
        return (cached, masks is null ? null : new CachedMasks(cached, masks.Location));
    }

    private sealed class CachedMasks(PreprocessedSet set, string location) : IMaskSource
    {
        public string Location => location;
        public Mask? TryLoad(string name) => set.FolderMask(1, name);
    }

    private sealed class ResizedMasks(IMaskSource inner, int size) : IMaskSource
    {
        public string Location => inner.Location;
        public Mask? TryLoad(string name) => inner.TryLoad(name) is Mask m ? Resize.Nearest(m, size, size) : null;
    }
}
