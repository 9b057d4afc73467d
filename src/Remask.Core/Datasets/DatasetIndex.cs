namespace Remask.Core.Datasets;

/// <summary>Which on-disk layout a dataset folder has.</summary>
public enum DatasetLayout
{
    /// <summary><c>images/NAME.png|jpg</c> + <c>masks/NAME.png</c>, optionally under <c>train/</c> and <c>test/</c>.</summary>
    Pairs,
    /// <summary>ISIC 2017: <c>ISIC-2017_Training_Data/ISIC_N.jpg</c> + <c>ISIC-2017_Training_Part1_GroundTruth/ISIC_N_segmentation.png</c>.</summary>
    Isic2017,
    /// <summary>Medical Segmentation Decathlon (Task03_Liver): <c>dataset.json</c>, <c>imagesTr</c>, <c>labelsTr</c>, <c>imagesTs</c>.</summary>
    Decathlon,
}

/// <summary>
/// One sample on disk: a 2D image file and its mask file, or one axial slice (<see cref="Slice"/> &gt;= 0)
/// of a volume and of its label volume.
/// </summary>
public sealed record SampleRef(string Name, string ImagePath, string? MaskPath, int Slice = -1)
{
    /// <summary>
    /// True when the sample is one axial slice of a volume (<see cref="Slice"/> &gt;= 0), false for a 2D image file.
    /// </summary>
    public bool IsSlice => Slice >= 0;
}

/// <summary>A problem found in a dataset: the file it concerns and a one-line description.</summary>
public sealed record DatasetProblem(string Path, string Problem)
{
    /// <inheritdoc/>
    /// <remarks>"PATH: PROBLEM", as the tool prints it.</remarks>
    public override string ToString() => $"{Path}: {Problem}";
}

/// <summary>The samples of one split ("train", "validation", "test", or "all" for a flat pairs folder).</summary>
public sealed record DatasetSplit(string Name, IReadOnlyList<SampleRef> Samples)
{
    /// <summary>The number of samples in the split that have a mask (a test split may have none).</summary>
    public int WithMask => Samples.Count(s => s.MaskPath is not null);
}

/// <summary>What discovery found in a dataset folder: its layout, its splits, and every problem it noticed.</summary>
public sealed record DatasetIndex(string Root, DatasetLayout Layout, IReadOnlyList<DatasetSplit> Splits, IReadOnlyList<DatasetProblem> Problems)
{
    /// <summary>The split named <paramref name="name"/> (ignoring case), or null.</summary>
    public DatasetSplit? Split(string name) => Splits.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The split to train on: "train" where there is one, else the only split (a flat pairs folder).
    /// </summary>
    public DatasetSplit TrainSplit() =>
        Split("train") ?? (Splits.Count == 1 ? Splits[0] : throw new RemaskDataException(Root, "no train split found"));

    /// <summary>The split to evaluate on: "test", else "validation", else null.</summary>
    public DatasetSplit? TestSplit() => Split("test") ?? Split("validation");
}
