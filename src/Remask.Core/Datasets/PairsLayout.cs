namespace Remask.Core.Datasets;

/// <summary>
/// The generic pairs layout: <c>images/NAME.(png|jpg|jpeg)</c> with <c>masks/NAME.png</c> (a mask may also be
/// named <c>NAME_mask.png</c> or <c>NAME_segmentation.png</c>: <see cref="SampleFileNames"/>). Either directly in the root (one split, "all") or
/// in split subfolders such as <c>train/</c>, <c>test/</c>, <c>validation/</c> (each with images/ and masks/).
/// </summary>
public static class PairsLayout
{
    /// <summary>
    /// True when <paramref name="root"/> holds an <c>images/</c> folder, or subfolders that each hold one.
    /// </summary>
    public static bool Matches(string root) =>
        DatasetFiles.FindDirectory(root, "images") is not null || SplitFolders(root).Count > 0;

    /// <summary>
    /// One split "all" when <paramref name="root"/> holds <c>images/</c> itself, else one split per subfolder that
    /// does, named after it in lower case (train, validation, test first). A split without a <c>masks/</c> folder is
    /// reported and its images have no masks.
    /// </summary>
    public static DatasetIndex Discover(string root)
    {
        var problems = new List<DatasetProblem>();
        var splits = new List<DatasetSplit>();
        if (DatasetFiles.FindDirectory(root, "images") is not null)
        {
            splits.Add(ReadSplit("all", root, problems));
        }
        else
        {
            foreach (string dir in SplitFolders(root))
                splits.Add(ReadSplit(Path.GetFileName(dir).ToLowerInvariant(), dir, problems));
        }
        return new DatasetIndex(root, DatasetLayout.Pairs, splits, problems);
    }

    /// <summary>Subfolders that hold an images/ folder, in a fixed order: train, validation/val, test, then the rest by name.</summary>
    private static List<string> SplitFolders(string root)
    {
        if (!Directory.Exists(root)) return [];
        string[] order = ["train", "training", "validation", "val", "valid", "test", "testing"];
        return Directory.EnumerateDirectories(root)
            .Where(d => !DatasetFiles.IsJunk(d) && DatasetFiles.FindDirectory(d, "images") is not null)
            .OrderBy(d => Array.IndexOf(order, Path.GetFileName(d).ToLowerInvariant()) is int i && i >= 0 ? i : order.Length)
            .ThenBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .ToList();
    }

    private static DatasetSplit ReadSplit(string name, string dir, List<DatasetProblem> problems)
    {
        string imagesDir = DatasetFiles.FindDirectory(dir, "images")!;
        string? masksDir = DatasetFiles.FindDirectory(dir, "masks");
        if (masksDir is null)
            problems.Add(new DatasetProblem(Path.Combine(dir, "masks"), "no masks folder beside the images folder"));
        var masks = masksDir is null ? null : DatasetFiles.ImageFilesIn(masksDir);
        return new DatasetSplit(name, SamplePairing.Pair(SampleFileNames.ImagesIn(imagesDir), masks, problems));
    }
}
