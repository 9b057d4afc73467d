using System.Text.Json;
using Remask.Core.Datasets;

namespace Remask.Core.Tests.Datasets;

/// <summary>
/// Datasets written by other tools (nibabel, PIL; Fixtures/datasets/make_dataset_fixtures.py) are read as they are.
/// Expected values come from the script's arrays (expected.json), not from Remask.
/// </summary>
public class ForeignDatasetTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets");
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json"))).RootElement;

    private static DatasetOptions Options(TempDir cache, double emptyShare = 0) =>
        new() { EmptySliceShare = emptyShare, CacheDirectory = cache.Path };

    [Fact]
    public void Decathlon_task_gives_the_liver_slices_named_by_volume_and_slice()
    {
        using var cache = new TempDir();
        var index = DatasetDiscovery.Discover(Path.Combine(Fixtures, "Task03_Liver"), Options(cache));
        Assert.Equal(DatasetLayout.Decathlon, index.Layout);
        Assert.Empty(index.Problems);
        var expectedNames = new List<string>();
        foreach (var volume in Expected.GetProperty("decathlon").GetProperty("volumes").EnumerateObject())
            foreach (var z in volume.Value.GetProperty("foreground_slices").EnumerateArray())
                expectedNames.Add($"{volume.Name}_z{z.GetInt32():D3}");
        Assert.Equal(expectedNames, index.TrainSplit().Samples.Select(s => s.Name));
        Assert.Equal(new[] { "liver_2_z000", "liver_2_z001", "liver_2_z002", "liver_2_z003" }, index.TestSplit()!.Samples.Select(s => s.Name));
        Assert.All(index.TestSplit()!.Samples, s => Assert.Null(s.MaskPath));
    }

    [Fact]
    public void Decathlon_slices_are_windowed_and_aligned_with_their_masks()
    {
        using var cache = new TempDir();
        var d = Expected.GetProperty("decathlon");
        var window = d.GetProperty("window");
        var index = DatasetDiscovery.Discover(Path.Combine(Fixtures, "Task03_Liver"), Options(cache));
        var set = DatasetDiscovery.Open(index.TrainSplit());
        for (int i = 0; i < set.Count; i++)
        {
            Sample s = set.Load(i);
            Assert.Equal(d.GetProperty("slice_width").GetInt32(), s.Image.Width);
            Assert.Equal(d.GetProperty("slice_height").GetInt32(), s.Image.Height);
            Assert.Equal(1, s.Image.Channels);
            Assert.NotNull(s.Mask);
            Assert.Equal(25 + 0, s.Mask!.CountForeground()); // liver (label 1) and tumour (label 2) are both >= 1
            // Every mask pixel shows liver (60 HU) or tumour (20 HU); every other pixel tissue (40 HU) or air.
            for (int y = 0; y < s.Mask.Height; y++)
                for (int x = 0; x < s.Mask.Width; x++)
                {
                    float v = s.Image[0, x, y];
                    if (s.Mask[x, y])
                        Assert.True(Near(v, window.GetProperty("60").GetDouble()) || Near(v, window.GetProperty("20").GetDouble()), $"{s.Name} ({x},{y}) = {v}");
                    else
                        Assert.True(Near(v, window.GetProperty("40").GetDouble()) || Near(v, window.GetProperty("-1000").GetDouble()), $"{s.Name} ({x},{y}) = {v}");
                }
        }
    }

    [Fact]
    public void Decathlon_tumour_only_masks_with_foreground_labels()
    {
        using var cache = new TempDir();
        var options = Options(cache) with { Foreground = Remask.Core.Imaging.ForegroundRule.Parse("2") };
        var index = DatasetDiscovery.Discover(Path.Combine(Fixtures, "Task03_Liver"), options);
        var set = DatasetDiscovery.Open(index.TrainSplit(), options);
        Assert.Equal(4, set.Count);
        for (int i = 0; i < set.Count; i++) Assert.Equal(1, set.Load(i).Mask!.CountForeground());
    }

    [Fact]
    public void Empty_slice_share_keeps_none_some_or_all_and_is_deterministic()
    {
        using var cache = new TempDir();
        string root = Path.Combine(Fixtures, "Task03_Liver");
        int Count(double share, int seed = 1) =>
            DatasetDiscovery.Discover(root, Options(cache, share) with { Seed = seed }).TrainSplit().Samples.Count;
        Assert.Equal(4, Count(0));
        Assert.Equal(12, Count(1));        // 2 volumes x 6 slices
        Assert.Equal(Count(0.5), Count(0.5));
        Assert.InRange(Count(0.5), 4, 12);
    }

    [Fact]
    public void Kept_empty_slices_are_about_the_asked_share()
    {
        var fg = new long[10_000];
        int kept = DecathlonLayout.KeptSlices("liver_0", fg, 0.1, seed: 2021).Count();
        Assert.InRange(kept, 900, 1100);
        fg[5] = 3;
        Assert.Contains(5, DecathlonLayout.KeptSlices("liver_0", fg, 0.0, 2021));
    }

    [Fact]
    public void Decathlon_without_dataset_json_is_read_from_its_folders_and_resource_forks_are_skipped()
    {
        using var copy = new TempDir();
        using var cache = new TempDir();
        CopyDirectory(Path.Combine(Fixtures, "Task03_Liver"), copy.Path);
        File.Delete(Path.Combine(copy.Path, "dataset.json"));
        var index = DatasetDiscovery.Discover(copy.Path, Options(cache));
        Assert.Empty(index.Problems);
        Assert.Equal(4, index.TrainSplit().Samples.Count);
    }

    [Fact]
    public void Decathlon_slice_index_is_cached_outside_the_dataset_and_the_dataset_is_not_written()
    {
        using var copy = new TempDir();
        using var cache = new TempDir();
        CopyDirectory(Path.Combine(Fixtures, "Task03_Liver"), copy.Path);
        var before = Snapshot(copy.Path);
        DatasetDiscovery.Discover(copy.Path, Options(cache));
        Assert.Equal(2, Directory.GetFiles(cache.Path, "*.json", SearchOption.AllDirectories).Length);
        DatasetDiscovery.Discover(copy.Path, Options(cache));
        Assert.Equal(before, Snapshot(copy.Path));
    }

    [Fact]
    public void Decathlon_problems_are_listed_per_file()
    {
        using var copy = new TempDir();
        using var cache = new TempDir();
        CopyDirectory(Path.Combine(Fixtures, "Task03_Liver"), copy.Path);
        File.Delete(Path.Combine(copy.Path, "labelsTr", "liver_1.nii.gz"));
        File.WriteAllBytes(Path.Combine(copy.Path, "imagesTr", "liver_0.nii.gz"), [0x1f, 0x8b, 8, 0, 0, 0]);
        var index = DatasetDiscovery.Discover(copy.Path, Options(cache));
        Assert.Contains(index.Problems, p => p.Path.EndsWith(Path.Combine("labelsTr", "liver_1.nii.gz")) && p.Problem.Contains("missing"));
        Assert.Contains(index.Problems, p => p.Path.EndsWith(Path.Combine("imagesTr", "liver_0.nii.gz")));
        Assert.Empty(index.TrainSplit().Samples);
    }

    [Fact]
    public void Decathlon_folders_without_dataset_json_report_unpaired_and_duplicate_volumes()
    {
        using var copy = new TempDir();
        using var cache = new TempDir();
        CopyDirectory(Path.Combine(Fixtures, "Task03_Liver"), copy.Path);
        File.Delete(Path.Combine(copy.Path, "dataset.json"));
        File.Move(Path.Combine(copy.Path, "labelsTr", "liver_1.nii.gz"), Path.Combine(copy.Path, "labelsTr", "liver_9.nii.gz"));
        File.Copy(Path.Combine(copy.Path, "imagesTr", "liver_0.nii.gz"), Path.Combine(copy.Path, "imagesTr", "liver_0.nii"));
        var index = DatasetDiscovery.Discover(copy.Path, Options(cache));
        Assert.Contains(index.Problems, p => p.Path.EndsWith(Path.Combine("imagesTr", "liver_1.nii.gz")) && p.Problem == "image without a mask");
        Assert.Contains(index.Problems, p => p.Path.EndsWith(Path.Combine("labelsTr", "liver_9.nii.gz")) && p.Problem == "mask without an image");
        Assert.Contains(index.Problems, p => p.Path.EndsWith(Path.Combine("imagesTr", "liver_0.nii.gz")) && p.Problem.StartsWith("a second image named 'liver_0'"));
        Assert.Equal(new[] { "liver_0_z001", "liver_0_z002", "liver_0_z003" }, index.TrainSplit().Samples.Select(s => s.Name));
    }

    [Fact]
    public void Isic_2017_folder_written_by_pil_is_read_with_its_masks()
    {
        var index = DatasetDiscovery.Discover(Path.Combine(Fixtures, "ISIC2017"));
        Assert.Equal(DatasetLayout.Isic2017, index.Layout);
        Assert.Empty(index.Problems);
        Assert.Equal(new[] { "train", "validation" }, index.Splits.Select(s => s.Name));
        foreach (var split in index.Splits)
        {
            var set = DatasetDiscovery.Open(split);
            for (int i = 0; i < set.Count; i++)
            {
                var s = set.Load(i);
                var e = Expected.GetProperty("isic").GetProperty(s.Name);
                Assert.Equal(e.GetProperty("width").GetInt32(), s.Image.Width);
                Assert.Equal(e.GetProperty("height").GetInt32(), s.Image.Height);
                Assert.Equal(3, s.Image.Channels);
                Assert.Equal(e.GetProperty("foreground").GetInt32(), s.Mask!.CountForeground());
            }
        }
    }

    [Fact]
    public void Summary_counts_sizes_channels_and_foreground_share()
    {
        var index = DatasetDiscovery.Discover(Path.Combine(Fixtures, "ISIC2017"));
        var summary = DatasetSummary.Compute(index, new DatasetOptions());
        var train = summary.Splits[0];
        Assert.Equal(2, train.Images);
        Assert.Equal(2, train.WithMask);
        Assert.Equal(new Dictionary<string, int> { ["40x30"] = 1, ["48x30"] = 1 }, train.Sizes);
        Assert.Equal(new Dictionary<int, int> { [3] = 2 }, train.Channels);
        double expectedShare = (144.0 / (40 * 30) + 156.0 / (48 * 30)) / 2;
        Assert.Equal(expectedShare, train.MeanForegroundShare!.Value, 12);
        Assert.Empty(summary.Problems);
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) < 1e-6;

    internal static void CopyDirectory(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to));
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to));
    }

    private static string Snapshot(string dir) =>
        string.Join("\n", Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f}|{new FileInfo(f).Length}|{File.GetLastWriteTimeUtc(f).Ticks}|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));
}
