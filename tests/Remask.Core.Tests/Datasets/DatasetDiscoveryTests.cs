using Remask.Core.Datasets;

namespace Remask.Core.Tests.Datasets;

public class DatasetDiscoveryTests
{
    [Fact]
    public void Flat_pairs_folder_pairs_images_with_masks_by_name()
    {
        using var d = new TempDir();
        DatasetFixtures.Image(d.File("images/b.png"), 8, 6);
        DatasetFixtures.Image(d.File("images/a.png"), 8, 6);
        DatasetFixtures.Mask(d.File("masks/a.png"), 8, 6, 2);
        DatasetFixtures.Mask(d.File("masks/b_mask.png"), 8, 6, 3);
        var index = DatasetDiscovery.Discover(d.Path);
        Assert.Equal(DatasetLayout.Pairs, index.Layout);
        var split = Assert.Single(index.Splits);
        Assert.Equal("all", split.Name);
        Assert.Equal(new[] { "a", "b" }, split.Samples.Select(s => s.Name));
        Assert.EndsWith("b_mask.png", split.Samples[1].MaskPath);
        Assert.Empty(index.Problems);
    }

    [Fact]
    public void Train_and_test_subfolders_become_splits_in_order()
    {
        using var d = new TempDir();
        foreach (string split in new[] { "test", "train" })
        {
            DatasetFixtures.Image(d.File($"{split}/images/x.png"), 4, 4);
            DatasetFixtures.Mask(d.File($"{split}/masks/x.png"), 4, 4, 1);
        }
        var index = DatasetDiscovery.Discover(d.Path);
        Assert.Equal(new[] { "train", "test" }, index.Splits.Select(s => s.Name));
        Assert.Equal("train", index.TrainSplit().Name);
        Assert.Equal("test", index.TestSplit()!.Name);
    }

    [Fact]
    public void Every_pairing_problem_is_reported_without_stopping()
    {
        using var d = new TempDir();
        DatasetFixtures.Image(d.File("images/lonely.png"), 4, 4);
        DatasetFixtures.Image(d.File("images/ok.png"), 4, 4);
        DatasetFixtures.Mask(d.File("masks/ok.png"), 4, 4, 1);
        DatasetFixtures.Mask(d.File("masks/orphan.png"), 4, 4, 1);
        System.IO.File.WriteAllText(d.File("images/._ok.png"), "macOS resource fork, not an image");
        System.IO.File.WriteAllText(d.File("images/notes.txt"), "not an image");
        var index = DatasetDiscovery.Discover(d.Path);
        var split = Assert.Single(index.Splits);
        Assert.Equal(new[] { "lonely", "ok" }, split.Samples.Select(s => s.Name));
        Assert.Null(split.Samples[0].MaskPath);
        Assert.Equal(2, index.Problems.Count);
        Assert.Contains(index.Problems, p => p.Path.EndsWith("lonely.png") && p.Problem == "image without a mask");
        Assert.Contains(index.Problems, p => p.Path.EndsWith("orphan.png") && p.Problem == "mask without an image");
    }

    [Fact]
    public void Isic_2017_folders_are_recognised_and_superpixels_skipped()
    {
        using var d = new TempDir();
        DatasetFixtures.Image(d.File("ISIC-2017_Training_Data/ISIC_0000000.png"), 6, 4);
        DatasetFixtures.Image(d.File("ISIC-2017_Training_Data/ISIC_0000000_superpixels.png"), 6, 4);
        System.IO.File.WriteAllText(d.File("ISIC-2017_Training_Data/ISIC-2017_Training_Data_metadata.csv"), "image_id,age\n");
        DatasetFixtures.Mask(d.File("ISIC-2017_Training_Part1_GroundTruth/ISIC_0000000_segmentation.png"), 6, 4, 2);
        DatasetFixtures.Image(d.File("ISIC-2017_Test_v2_Data/ISIC_0000001.png"), 6, 4);
        DatasetFixtures.Mask(d.File("ISIC-2017_Test_v2_Part1_GroundTruth/ISIC_0000001_segmentation.png"), 6, 4, 2);
        DatasetFixtures.Image(d.File("ISIC-2017_Validation_Data/ISIC_0000002.png"), 6, 4);
        DatasetFixtures.Mask(d.File("ISIC-2017_Validation_Part1_GroundTruth/ISIC_0000002_segmentation.png"), 6, 4, 2);
        var index = DatasetDiscovery.Discover(d.Path);
        Assert.Equal(DatasetLayout.Isic2017, index.Layout);
        Assert.Equal(new[] { "train", "validation", "test" }, index.Splits.Select(s => s.Name));
        var train = index.Splits[0].Samples;
        Assert.Equal(new[] { "ISIC_0000000" }, train.Select(s => s.Name));
        Assert.EndsWith("ISIC_0000000_segmentation.png", train[0].MaskPath);
        Assert.Empty(index.Problems);
    }

    [Fact]
    public void Missing_path_file_path_empty_folder_and_unknown_layout_are_clear_errors()
    {
        using var d = new TempDir();
        var missing = Assert.Throws<RemaskDataException>(() => DatasetDiscovery.Discover(d["nope"]));
        Assert.Equal(d["nope"] + ": no such folder", missing.Message);

        System.IO.File.WriteAllText(d.File("file.txt"), "x");
        Assert.Contains("is a file", Assert.Throws<RemaskDataException>(() => DatasetDiscovery.Discover(d["file.txt"])).Message);

        Directory.CreateDirectory(d["empty"]);
        Assert.Equal(d["empty"] + ": empty folder: no dataset here", Assert.Throws<RemaskDataException>(() => DatasetDiscovery.Discover(d["empty"])).Message);

        System.IO.File.WriteAllText(d.File("odd/readme.md"), "x");
        var unknown = Assert.Throws<RemaskDataException>(() => DatasetDiscovery.Discover(d["odd"]));
        Assert.StartsWith(d["odd"] + ": unknown dataset layout", unknown.Message);
        Assert.DoesNotContain('\n', unknown.Message);
    }

    [Fact]
    public void Images_folder_without_images_is_an_error()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d["images"]);
        Directory.CreateDirectory(d["masks"]);
        var e = Assert.Throws<RemaskDataException>(() => DatasetDiscovery.Discover(d.Path));
        Assert.Contains("no images found", e.Message);
    }
}
