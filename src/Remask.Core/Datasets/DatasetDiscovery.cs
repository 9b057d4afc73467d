namespace Remask.Core.Datasets;

/// <summary>
/// Finds out which layout a dataset folder has and lists its samples. The layouts are tried in the order
/// Decathlon (dataset.json / imagesTr), ISIC 2017 (ISIC-2017_*_Data folders), generic pairs (images/ + masks/).
/// </summary>
public static class DatasetDiscovery
{
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

    public static string Describe(DatasetLayout layout) => layout switch
    {
        DatasetLayout.Pairs => "generic pairs",
        DatasetLayout.Isic2017 => "ISIC 2017",
        DatasetLayout.Decathlon => "Medical Segmentation Decathlon",
        _ => layout.ToString(),
    };
}
