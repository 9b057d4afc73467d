using Remask.Core.Datasets;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Datasets;

/// <summary>
/// What dataset.json may hold (docs/reliability.md): entries that leave the task folder are refused with one line naming
/// dataset.json and the entry; entries of the wrong JSON kind are reported as problems; a task reached through symbolic
/// links still reads. The cases are the minimal forms of what the fuzzer found (DecathlonLayoutFuzzTests).
/// </summary>
public sealed class DecathlonDatasetJsonTests : IDisposable
{
    private static readonly string Task = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "Task03_Liver");
    private readonly TempDir _dir = new();
    private readonly TempDir _cache = new();

    public void Dispose()
    {
        _dir.Dispose();
        _cache.Dispose();
    }

    private string Root => _dir["Task03_Liver"];

    private string WithDatasetJson(string json)
    {
        if (!Directory.Exists(Root)) ForeignDatasetTests.CopyDirectory(Task, Root);
        File.WriteAllText(Path.Combine(Root, "dataset.json"), json);
        return Root;
    }

    private DatasetIndex Discover(string root) => DatasetDiscovery.Discover(root, new DatasetOptions { CacheDirectory = _cache.Path });

    private static string Training(string image, string label = "./labelsTr/liver_0.nii.gz") =>
        $$"""{"training": [{"image": {{image}}, "label": "{{label}}"}], "test": []}""";

    [Theory]
    [InlineData("\"../outside.nii.gz\"", "leaves the dataset folder")]
    [InlineData("\"..\\\\outside.nii.gz\"", "leaves the dataset folder")]
    [InlineData("\"./imagesTr/../../outside.nii.gz\"", "leaves the dataset folder")]
    [InlineData("\"OUTSIDE\"", "is an absolute path")]
    [InlineData("\"./imagesTr/liver_0.nii.gz\\u0000.png\"", "NUL character")]
    public void An_entry_that_leaves_the_task_folder_is_refused(string entry, string problem)
    {
        string outside = _dir["outside.nii.gz"];
        File.Copy(Path.Combine(Task, "imagesTr", "liver_0.nii.gz"), outside);
        string root = WithDatasetJson(Training(entry.Replace("OUTSIDE", outside)));
        var e = Assert.Throws<RemaskDataException>(() => Discover(root));
        Assert.Equal(Path.Combine(root, "dataset.json"), e.Path);
        Assert.StartsWith("training entry 1 image \"", e.Problem);
        Assert.Contains(problem, e.Problem);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\0', e.Message);
    }

    [Fact]
    public void A_test_entry_that_leaves_the_task_folder_is_refused()
    {
        File.Copy(Path.Combine(Task, "imagesTs", "liver_2.nii.gz"), _dir["outside.nii.gz"]);
        string root = WithDatasetJson("""{"training": [], "test": ["../outside.nii.gz"]}""");
        var e = Assert.Throws<RemaskDataException>(() => Discover(root));
        Assert.Contains("test entry 1 \"../outside.nii.gz\" leaves the dataset folder; refused", e.Message);
    }

    [Fact]
    public void Dot_dot_that_stays_inside_the_task_folder_is_fine()
    {
        var index = Discover(WithDatasetJson(Training("\"./imagesTr/../imagesTr/liver_0.nii.gz\"")));
        Assert.NotEmpty(index.TrainSplit().Samples);
        Assert.All(index.TrainSplit().Samples, s => Assert.Equal(Path.Combine(Root, "imagesTr", "liver_0.nii.gz"), s.ImagePath));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("[[{\"training\": []}]]")]
    public void A_dataset_json_that_is_not_an_object_is_reported_and_the_folders_are_listed(string json)
    {
        var index = Discover(WithDatasetJson(json));
        Assert.Contains(index.Problems, p => p.Path.EndsWith("dataset.json") && p.Problem.Contains("not an object; listing imagesTr/labelsTr instead"));
        Assert.Equal(Discover(Task).TrainSplit().Samples.Select(s => s.Name), index.TrainSplit().Samples.Select(s => s.Name));
    }

    [Fact]
    public void Entries_of_the_wrong_kind_are_problems_not_crashes()
    {
        string root = WithDatasetJson("""
            {"training": ["imagesTr", null, -1, {"image": 5, "label": "./labelsTr/liver_0.nii.gz"}, {"image": "./imagesTr/liver_0.nii.gz", "label": {"a": null}},
                         {"image": "./imagesTr/liver_1.nii.gz", "label": "./labelsTr/liver_1.nii.gz"}],
             "test": [7, {"image": []}, "./imagesTs/liver_2.nii.gz"]}
            """);
        var index = Discover(root);
        Assert.Equal(["liver_1"], index.TrainSplit().Samples.Select(s => Holdout.GroupOf(s)).Distinct());
        Assert.Equal(4, index.TestSplit()!.Samples.Count);
        Assert.Equal(7, index.Problems.Count(p => p.Path.EndsWith("dataset.json")));
        Assert.All(index.Problems, p => Assert.DoesNotContain('\n', p.ToString()));
    }

    /// <summary>Fuzz regression: the same volume twice, or two volumes of one name from two folders (liver_0 from imagesTr
    /// and from labelsTr), gave two samples of one name (outputs are named by sample).</summary>
    [Fact]
    public void Two_entries_whose_images_share_a_name_give_their_samples_once()
    {
        string entry = """{"image": "./imagesTr/liver_1.nii.gz", "label": "./labelsTr/liver_1.nii.gz"}""";
        string sameName = """{"image": "./labelsTr/liver_1.nii.gz", "label": "./labelsTr/liver_1.nii.gz"}""";
        var index = Discover(WithDatasetJson($$"""{"training": [{{entry}}, {{entry}}, {{sameName}}], "test": ["./imagesTs/liver_2.nii.gz", "imagesTs/liver_2.nii.gz"]}"""));
        Assert.Equal(index.TrainSplit().Samples.Select(s => s.Name).Distinct(), index.TrainSplit().Samples.Select(s => s.Name));
        Assert.All(index.TrainSplit().Samples, s => Assert.Contains("imagesTr", s.ImagePath));
        Assert.Equal(4, index.TestSplit()!.Samples.Count);
        Assert.Equal(3, index.Problems.Count(p => p.Problem.StartsWith("a second image named 'liver_")));
    }

    [SymlinkFact]
    public void A_task_reached_through_symbolic_links_reads_as_the_task_itself()
    {
        // the task folder itself a link, and its imagesTr a link to a folder elsewhere (data kept on another disk)
        string real = _dir["real"];
        ForeignDatasetTests.CopyDirectory(Task, real);
        string images = _dir["images-elsewhere"];
        Directory.Move(Path.Combine(real, "imagesTr"), images);
        Directory.CreateSymbolicLink(Path.Combine(real, "imagesTr"), images);
        string link = _dir["linked-task"];
        Directory.CreateSymbolicLink(link, real);

        var expected = Discover(Task);
        var index = Discover(link);
        Assert.Empty(index.Problems);
        Assert.Equal(expected.TrainSplit().Samples.Select(s => s.Name), index.TrainSplit().Samples.Select(s => s.Name));
        Assert.All(index.TrainSplit().Samples, s => Assert.StartsWith(link + Path.DirectorySeparatorChar, s.ImagePath));
    }
}
