namespace Remask.Core.Datasets;

/// <summary>
/// Finds out which layout a dataset folder has and lists its samples. The layouts are tried in the order
/// Decathlon (dataset.json / imagesTr), ISIC 2017 (ISIC-2017_*_Data folders), generic pairs (images/ + masks/).
/// </summary>
public static class DatasetDiscovery
{
    /// <summary>
    /// Finds the layout of the dataset folder <paramref name="root"/> and lists its splits, their samples and the
    /// problems met on the way (a mask without an image, a damaged volume, ...), which are reported rather than thrown.
    /// </summary>
    /// <param name="root">The dataset folder.</param>
    /// <param name="options">How files become samples (null: the defaults); validated first.</param>
    /// <param name="progress">Volumes read so far and in all, reported by the Decathlon layout after each.</param>
    /// <param name="cancellationToken">Stops listing the volumes of a Decathlon task.</param>
    /// <exception cref="RemaskDataException"><paramref name="root"/> is a file, missing or empty, has none of the known
    /// layouts, or holds no images.</exception>
    public static DatasetIndex Discover(string root, DatasetOptions? options = null,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new DatasetOptions();
        options.Validate();
        if (File.Exists(root)) throw new RemaskDataException(root, "is a file; a dataset is a folder");
        if (!Directory.Exists(root)) throw new RemaskDataException(root, "no such folder");
        if (!Directory.EnumerateFileSystemEntries(root).Any(e => !DatasetFiles.IsJunk(e)))
            throw new RemaskDataException(root, "empty folder: no dataset here");

        DatasetIndex index;
        if (DecathlonLayout.Matches(root)) index = DecathlonLayout.Discover(root, options, progress, cancellationToken);
        else if (Isic2017Layout.Matches(root)) index = Isic2017Layout.Discover(root);
        else if (PairsLayout.Matches(root)) index = PairsLayout.Discover(root);
        else
            throw new RemaskDataException(root,
                "unknown dataset layout: expected images/ + masks/ (or train/ and test/ with those), ISIC-2017_*_Data folders, or a Decathlon task (dataset.json, imagesTr/, labelsTr/)");

        if (index.Splits.Sum(s => s.Samples.Count) == 0)
            throw new RemaskDataException(root, $"{Describe(index.Layout)} layout but no images found");
        return index;
    }

    /// <summary>A sample set that reads the given split's samples from disk on demand.</summary>
    public static ISampleSet Open(DatasetSplit split, DatasetOptions? options = null)
    {
        options ??= new DatasetOptions();
        return split.Samples.Any(s => s.IsSlice)
            ? new VolumeSliceSampleSet(split.Samples, options)
            : new FileSampleSet(split.Samples, options.Foreground);
    }

    /// <summary>
    /// The layout's name as messages spell it: "generic pairs", "ISIC 2017", "Medical Segmentation Decathlon".
    /// </summary>
    public static string Describe(DatasetLayout layout) => layout switch
    {
        DatasetLayout.Pairs => "generic pairs",
        DatasetLayout.Isic2017 => "ISIC 2017",
        DatasetLayout.Decathlon => "Medical Segmentation Decathlon",
        _ => layout.ToString(),
    };
}
