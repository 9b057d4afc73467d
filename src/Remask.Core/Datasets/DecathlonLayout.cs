using System.Text.Json;
using Remask.Core.Formats;
using Remask.Core.IO;

namespace Remask.Core.Datasets;

/// <summary>
/// A Medical Segmentation Decathlon task as downloaded (for example Task03_Liver): <c>dataset.json</c>,
/// <c>imagesTr/*.nii.gz</c> with <c>labelsTr/*.nii.gz</c> (the "train" split) and <c>imagesTs/*.nii.gz</c> without
/// labels ("test"). Samples are axial slices: every slice with foreground, and a seeded share
/// (<see cref="DatasetOptions.EmptySliceShare"/>) of the slices without. The macOS resource forks
/// (<c>._liver_0.nii.gz</c>) that the archives contain are skipped.
/// </summary>
public static class DecathlonLayout
{
    /// <summary>
    /// True when <paramref name="root"/> holds a <c>dataset.json</c> or an <c>imagesTr</c> folder (name in any case).
    /// </summary>
    public static bool Matches(string root) =>
        File.Exists(Path.Combine(root, "dataset.json")) || DatasetFiles.FindDirectory(root, "imagesTr") is not null;

    /// <summary>
    /// Lists the task's samples: the kept axial slices of each training volume (<see cref="KeptSlices"/>), named
    /// <see cref="SliceName"/>, in a "train" split, and every slice of each test volume in a "test" split (when there
    /// is one). Each label volume is read once to count its foreground per slice; the counts are cached under
    /// <see cref="DatasetOptions.CacheDirectory"/>, keyed by the file and the foreground rule. A volume that cannot be
    /// read or whose label grid differs from its image is reported as a problem and skipped.
    /// </summary>
    /// <param name="root">The task folder.</param>
    /// <param name="options">The foreground rule, the empty-slice share and its seed, the cache folder.</param>
    /// <param name="progress">Volumes done and in all (training and test), after each volume.</param>
    /// <param name="cancellationToken">Checked before each volume.</param>
    public static DatasetIndex Discover(string root, DatasetOptions options,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<DatasetProblem>();
        var (training, test) = ListVolumes(root, problems);
        var cache = new SliceIndexCache(options.CacheDirectory);
        var trainSamples = new List<SampleRef>();
        int done = 0, total = training.Count + test.Count;
        foreach (var (image, label) in training)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var imageHeader = NiftiReader.ReadHeader(image);
                var slices = cache.GetOrCompute(label, options.Foreground, () => ForegroundPerSlice(label, options, cancellationToken));
                if (imageHeader.Nx != slices.Nx || imageHeader.Ny != slices.Ny || imageHeader.Nz != slices.ForegroundPixels.Length)
                {
                    problems.Add(new DatasetProblem(label,
                        $"label volume is {slices.Nx}x{slices.Ny}x{slices.ForegroundPixels.Length} but its image {Path.GetFileName(image)} is {imageHeader.Nx}x{imageHeader.Ny}x{imageHeader.Nz}; skipped"));
                }
                else
                {
                    string stem = DatasetFiles.Stem(image);
                    foreach (int z in KeptSlices(stem, slices.ForegroundPixels, options.EmptySliceShare, options.Seed))
                        trainSamples.Add(new SampleRef(SliceName(stem, z), image, label, z));
                }
            }
            catch (RemaskDataException e)
            {
                problems.Add(new DatasetProblem(e.Path, e.Problem));
            }
            progress?.Report((++done, total));
        }
        var testSamples = new List<SampleRef>();
        foreach (string image in test)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var header = NiftiReader.ReadHeader(image);
                string stem = DatasetFiles.Stem(image);
                for (int z = 0; z < header.Nz; z++) testSamples.Add(new SampleRef(SliceName(stem, z), image, null, z));
            }
            catch (RemaskDataException e)
            {
                problems.Add(new DatasetProblem(e.Path, e.Problem));
            }
            progress?.Report((++done, total));
        }
        var splits = new List<DatasetSplit> { new("train", trainSamples) };
        if (testSamples.Count > 0) splits.Add(new DatasetSplit("test", testSamples));
        return new DatasetIndex(root, DatasetLayout.Decathlon, splits, problems);
    }

    /// <summary>"liver_3", 45 → "liver_3_z045" (zero-padded to three digits so that names sort by slice).</summary>
    public static string SliceName(string volumeStem, int z) => $"{volumeStem}_z{z:D3}";

    /// <summary>
    /// The slices to use: every slice with foreground, and each slice without foreground when a hash of
    /// (seed, volume, slice) falls below <paramref name="emptyShare"/> — deterministic, independent of the
    /// other volumes, and about that share of the empty slices.
    /// </summary>
    public static IEnumerable<int> KeptSlices(string volumeStem, IReadOnlyList<long> foregroundPerSlice, double emptyShare, int seed)
    {
        for (int z = 0; z < foregroundPerSlice.Count; z++)
        {
            if (foregroundPerSlice[z] > 0) yield return z;
            else if (emptyShare >= 1 || UnitHash(seed, volumeStem, z) < emptyShare) yield return z;
        }
    }

    /// <summary>A number in [0, 1) from (seed, name, z), stable across runs and platforms (FNV-1a, then a mix).</summary>
    internal static double UnitHash(int seed, string name, int z)
    {
        ulong h = 14695981039346656037UL ^ (uint)seed;
        foreach (char c in name) { h ^= c; h *= 1099511628211UL; }
        h ^= (uint)z; h *= 1099511628211UL;
        h ^= h >> 33; h *= 0xff51afd7ed558ccdUL; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53UL; h ^= h >> 33;
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Foreground voxel count of every axial slice of a label volume (NaN or infinite labels are an error).</summary>
    internal static SliceIndex ForegroundPerSlice(string labelPath, DatasetOptions options, CancellationToken cancellationToken)
    {
        NiftiVolume label = NiftiLabels.Read(labelPath, cancellationToken);
        int[] counts = NiftiLabels.ForegroundCountPerSlice(label, options.Foreground);
        return new SliceIndex(label.Nx, label.Ny, counts.Select(c => (long)c).ToArray());
    }

    /// <summary>(image, label) pairs of the training split and the test images: from dataset.json when it is there, else
    /// from the folders. A dataset.json that is not JSON or not an object is reported and the folders are listed instead;
    /// an entry that leads outside the task folder is refused (<see cref="ContainedPath.Resolve"/>).</summary>
    private static (List<(string Image, string Label)> Training, List<string> Test) ListVolumes(string root, List<DatasetProblem> problems)
    {
        string json = Path.Combine(root, "dataset.json");
        if (File.Exists(json))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(json));
                if (doc.RootElement.ValueKind == JsonValueKind.Object) return FromDatasetJson(root, json, doc.RootElement, problems);
                problems.Add(new DatasetProblem(json, $"holds a JSON {Kind(doc.RootElement)}, not an object; listing imagesTr/labelsTr instead"));
            }
            catch (JsonException e)
            {
                problems.Add(new DatasetProblem(json, $"not valid JSON ({e.Message.ReplaceLineEndings(" ")}); listing imagesTr/labelsTr instead"));
            }
        }
        return FromFolders(root, problems);
    }

    private static (List<(string, string)>, List<string>) FromDatasetJson(string root, string json, JsonElement doc, List<DatasetProblem> problems)
    {
        var training = new List<(string, string)>();
        var test = new List<string>();
        // two entries whose images have one name (the same volume twice, or liver_0 from two folders) would give two samples of one name
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (doc.TryGetProperty("training", out var tr) && tr.ValueKind == JsonValueKind.Array)
        {
            int n = 0;
            foreach (var item in tr.EnumerateArray())
            {
                string entry = $"training entry {++n}";
                if (item.ValueKind != JsonValueKind.Object) { problems.Add(new DatasetProblem(json, $"{entry} is a JSON {Kind(item)}, not an object with image and label; skipped")); continue; }
                string? image = PathText(item, "image"), label = PathText(item, "label");
                if (image is null || label is null) { problems.Add(new DatasetProblem(json, $"{entry} has no image or label path; skipped")); continue; }
                string imagePath = ContainedPath.Resolve(root, image, json, $"{entry} image"), labelPath = ContainedPath.Resolve(root, label, json, $"{entry} label");
                if (!File.Exists(imagePath)) { problems.Add(new DatasetProblem(imagePath, "listed in dataset.json but missing")); continue; }
                if (!File.Exists(labelPath)) { problems.Add(new DatasetProblem(labelPath, "listed in dataset.json but missing")); continue; }
                if (!listed.TryAdd(DatasetFiles.Stem(imagePath), imagePath)) { problems.Add(SecondImage(imagePath, entry, listed)); continue; }
                training.Add((imagePath, labelPath));
            }
        }
        else
        {
            problems.Add(new DatasetProblem(json, "no \"training\" list"));
        }
        if (doc.TryGetProperty("test", out var ts) && ts.ValueKind == JsonValueKind.Array)
        {
            var testNames = new Dictionary<string, string>(StringComparer.Ordinal);
            int n = 0;
            foreach (var item in ts.EnumerateArray())
            {
                string entry = $"test entry {++n}";
                string? image = item.ValueKind == JsonValueKind.String ? item.GetString() : PathText(item, "image");
                if (image is null) { problems.Add(new DatasetProblem(json, $"{entry} is not a path (nor an object with an image path); skipped")); continue; }
                string imagePath = ContainedPath.Resolve(root, image, json, entry);
                if (!File.Exists(imagePath)) problems.Add(new DatasetProblem(imagePath, "listed in dataset.json but missing"));
                else if (!testNames.TryAdd(DatasetFiles.Stem(imagePath), imagePath)) problems.Add(SecondImage(imagePath, entry, testNames));
                else test.Add(imagePath);
            }
        }
        return (training, test);
    }

    private static DatasetProblem SecondImage(string imagePath, string entry, Dictionary<string, string> first) =>
        new(imagePath, $"a second image named '{DatasetFiles.Stem(imagePath)}' in dataset.json ({entry}; first: {first[DatasetFiles.Stem(imagePath)]}); skipped");

    /// <summary>The string property <paramref name="name"/> of an object entry, or null (absent, or not a string).</summary>
    private static string? PathText(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static (List<(string, string)>, List<string>) FromFolders(string root, List<DatasetProblem> problems)
    {
        string? imagesTr = DatasetFiles.FindDirectory(root, "imagesTr");
        string? labelsTr = DatasetFiles.FindDirectory(root, "labelsTr");
        string? imagesTs = DatasetFiles.FindDirectory(root, "imagesTs");
        var training = new List<(string, string)>();
        if (imagesTr is not null)
        {
            if (labelsTr is null) problems.Add(new DatasetProblem(Path.Combine(root, "labelsTr"), "no labelsTr folder beside imagesTr"));
            var labels = labelsTr is null ? null : NiftiFiles(labelsTr);
            foreach (var r in SamplePairing.Pair(NiftiFiles(imagesTr), labels, problems))
                if (r.MaskPath is not null) training.Add((r.ImagePath, r.MaskPath));
        }
        var test = imagesTs is null ? [] : NiftiFiles(imagesTs);
        return (training, test);
    }

    private static List<string> NiftiFiles(string dir) =>
        DatasetFiles.VolumeFilesIn(dir);
}
