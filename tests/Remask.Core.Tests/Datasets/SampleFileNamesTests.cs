using Remask.Core.Datasets;

namespace Remask.Core.Tests.Datasets;

/// <summary>The one pairing rule: which sample a file in an image or mask folder belongs to.</summary>
public class SampleFileNamesTests
{
    [Theory]
    [InlineData("ISIC_0000000_segmentation.png", "ISIC_0000000")]
    [InlineData("a_mask.png", "a")]
    [InlineData("a_MASK.jpg", "a")]
    [InlineData("a.png", "a")]
    [InlineData("liver_3.nii.gz", "liver_3")]
    [InlineData("liver_3_segmentation.nii", "liver_3")]
    [InlineData("_mask.png", "_mask")]
    public void A_mask_belongs_to_its_name_without_the_mask_suffix(string file, string sample) =>
        Assert.Equal(sample, SampleFileNames.SampleOfMask(Path.Combine("dir", file)));

    [Fact]
    public void Isic_superpixel_maps_are_neither_images_nor_masks()
    {
        Assert.Null(SampleFileNames.SampleOfMask("ISIC_0000000_superpixels.png"));
        Assert.Null(SampleFileNames.SampleOfImage("ISIC_0000000_superpixels.png"));
        Assert.Equal("ISIC_0000000", SampleFileNames.SampleOfImage("ISIC_0000000.jpg"));
    }

    [Fact]
    public void A_mask_folder_is_indexed_by_sample_and_two_masks_of_one_sample_are_a_problem()
    {
        using var d = new TempDir();
        foreach (string f in new[] { "a.png", "a_mask.png", "b_segmentation.png", "c_superpixels.png", "notes.txt" })
            File.WriteAllBytes(d[f], [0]);
        var index = MaskFolderIndex.Of(d.Path);
        Assert.Equal(new[] { "a", "b" }, index.Names);
        Assert.Equal(d["a.png"], index.PathOf("a"));
        Assert.Equal(d["b_segmentation.png"], index.PathOf("b"));
        var problem = Assert.Single(index.Problems);
        Assert.Equal(d["a_mask.png"], problem.Path);
    }

    [Fact]
    public void The_isic_fixture_folders_pair_through_the_rule()
    {
        string root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "ISIC2017");
        var truth = MaskFolderIndex.Of(Path.Combine(root, "ISIC-2017_Training_Part1_GroundTruth"));
        Assert.Equal(new[] { "ISIC_0000000", "ISIC_0000001" }, truth.Names);
        var images = SampleFileNames.ImagesIn(Path.Combine(root, "ISIC-2017_Training_Data")).Select(Path.GetFileName);
        Assert.Equal(new[] { "ISIC_0000000.jpg", "ISIC_0000001.jpg" }, images);
    }
}
