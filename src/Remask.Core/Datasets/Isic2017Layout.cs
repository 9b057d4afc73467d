namespace Remask.Core.Datasets;

/// <summary>
/// ISIC 2017 as downloaded: <c>ISIC-2017_Training_Data/ISIC_0000000.jpg</c> with
/// <c>ISIC-2017_Training_Part1_GroundTruth/ISIC_0000000_segmentation.png</c>, and likewise for Validation and
/// Test (<c>Test_v2</c>). The data folders also hold <c>*_superpixels.png</c> and metadata CSV files, which are skipped;
/// masks pair with images by <see cref="SampleFileNames"/>.
/// </summary>
public static class Isic2017Layout
{
    private const string Prefix = "ISIC-2017_";

    /// <summary>
    /// True when <paramref name="root"/> holds at least one <c>ISIC-2017_*_Data</c> folder (any case).
    /// </summary>
    public static bool Matches(string root) => DataFolders(root).Count > 0;

    /// <summary>
    /// One split per <c>ISIC-2017_*_Data</c> folder ("train", "validation", "test", in that order), each image paired
    /// with its mask in the matching <c>*_Part1_GroundTruth</c> folder; a data folder without one is reported and its
    /// images have no masks.
    /// </summary>
    public static DatasetIndex Discover(string root)
    {
        var problems = new List<DatasetProblem>();
        var splits = new List<DatasetSplit>();
        foreach (var (split, dataDir, truthDir) in DataFolders(root))
        {
            var images = SampleFileNames.ImagesIn(dataDir);
            if (truthDir is null)
                problems.Add(new DatasetProblem(dataDir, "no matching *_Part1_GroundTruth folder; images have no masks"));
            var masks = truthDir is null ? null : DatasetFiles.ImageFilesIn(truthDir);
            splits.Add(new DatasetSplit(split, SamplePairing.Pair(images, masks, problems)));
        }
        return new DatasetIndex(root, DatasetLayout.Isic2017, splits, problems);
    }

    /// <summary>(split, data folder, ground-truth folder or null) in the order train, validation, test.</summary>
    private static List<(string Split, string Data, string? Truth)> DataFolders(string root)
    {
        if (!Directory.Exists(root)) return [];
        var dirs = Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().ToList();
        var result = new List<(string, string, string?)>();
        foreach (string name in dirs.Where(d => d.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && d.EndsWith("_Data", StringComparison.OrdinalIgnoreCase)))
        {
            string part = name[Prefix.Length..^"_Data".Length];               // "Training", "Validation", "Test_v2"
            string split = part.StartsWith("Train", StringComparison.OrdinalIgnoreCase) ? "train"
                : part.StartsWith("Valid", StringComparison.OrdinalIgnoreCase) ? "validation"
                : part.StartsWith("Test", StringComparison.OrdinalIgnoreCase) ? "test"
                : part.ToLowerInvariant();
            string? truth = dirs.FirstOrDefault(d => string.Equals(d, $"{Prefix}{part}_Part1_GroundTruth", StringComparison.OrdinalIgnoreCase));
            result.Add((split, Path.Combine(root, name), truth is null ? null : Path.Combine(root, truth)));
        }
        string[] order = ["train", "validation", "test"];
        return result.OrderBy(r => Array.IndexOf(order, r.Item1) is int i && i >= 0 ? i : order.Length).ThenBy(r => r.Item1, StringComparer.Ordinal).ToList();
    }
}
