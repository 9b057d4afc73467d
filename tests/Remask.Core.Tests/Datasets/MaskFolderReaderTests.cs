using Remask.Core.Datasets;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.Datasets;

public class MaskFolderReaderTests
{
    private static readonly string Task03 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "Task03_Liver");

    [Theory]
    [InlineData("liver_3_z045", "liver_3", 45)]
    [InlineData("a_z_z1000", "a_z", 1000)]
    public void Slice_names_point_into_their_volume(string name, string volume, int z) =>
        Assert.Equal((volume, z), MaskFolderReader.SliceOf(name));

    [Theory]
    [InlineData("liver_3")]
    [InlineData("liver_3_z45")]
    [InlineData("liver_3_zabc")]
    public void Other_names_are_not_slices(string name) => Assert.Null(MaskFolderReader.SliceOf(name));

    [Fact]
    public void A_folder_of_label_volumes_gives_the_same_slice_masks_as_the_dataset()
    {
        using var cache = new TempDir();
        var options = new DatasetOptions { EmptySliceShare = 0, CacheDirectory = cache.Path };
        var split = DatasetDiscovery.Discover(Task03, options).TrainSplit();
        var set = DatasetDiscovery.Open(split, options);
        var reader = MaskFolderReader.Open(Path.Combine(Task03, "labelsTr"), ForegroundRule.AnyPositive);
        for (int i = 0; i < set.Count; i++)
            Assert.Equal(set.Load(i).Mask, reader.TryLoad(set.NameOf(i)));
        Assert.Equal(Path.Combine(reader.Location, "liver_0.nii.gz"), reader.PathOf("liver_0_z001"));
        Assert.Null(reader.TryLoad("liver_9_z001"));
        var e = Assert.Throws<RemaskDataException>(() => reader.TryLoad("liver_0_z006"));
        Assert.Contains("has 6 slices", e.Message);
    }

    [Fact]
    public void A_mask_read_at_a_size_is_the_stored_mask_resized_with_its_stored_size()
    {
        using var d = new TempDir();
        var random = new Random(4);
        var mask = Mask.FromFunction(37, 23, (_, _) => random.Next(3) == 0);
        PngWriter.WriteMask(d["a_segmentation.png"], mask);
        var reader = MaskFolderReader.Open(d.Path, ForegroundRule.AnyPositive);
        var (small, w, h) = reader.TryLoad("a", 8)!.Value;
        Assert.Equal((37, 23), (w, h));
        Assert.Equal(Resize.Nearest(mask, 8, 8), small);
        Assert.Null(reader.TryLoad("b", 8));

        var volumes = MaskFolderReader.Open(Path.Combine(Task03, "labelsTr"), ForegroundRule.AnyPositive);
        Mask slice = volumes.TryLoad("liver_0_z002")!;
        var (resized, sw, sh) = volumes.TryLoad("liver_0_z002", 5)!.Value;
        Assert.Equal((slice.Width, slice.Height), (sw, sh));
        Assert.Equal(Resize.Nearest(slice, 5, 5), resized);
    }

    [Fact]
    public void Two_masks_for_one_sample_are_an_error_naming_the_second()
    {
        using var d = new TempDir();
        PngWriter.WriteMask(d["a.png"], Mask.Full(3, 2));
        PngWriter.WriteMask(d["a_segmentation.png"], Mask.Full(3, 2));
        var e = Assert.Throws<RemaskDataException>(() => MaskFolderReader.Open(d.Path, ForegroundRule.AnyPositive));
        Assert.StartsWith(d["a_segmentation.png"] + ": a second mask for 'a'", e.Message);
    }

    [Fact]
    public void A_folder_remask_wrote_is_read_as_value_above_zero_whatever_the_given_rule()
    {
        using var d = new TempDir();
        PngWriter.WriteMask(d["a.png"], Mask.Full(3, 2));
        Assert.True(MaskFolderReader.Open(d.Path, ForegroundRule.Labels([1])).TryLoad("a")!.IsEmpty);
        DerivedMaskStamp.Write(d.Path, "test");
        Assert.Equal(6, MaskFolderReader.Open(d.Path, ForegroundRule.Labels([1])).TryLoad("a")!.CountForeground());
    }

    [Theory]
    [InlineData("ISIC_0000000", "/d/gt/ISIC_0000000_segmentation.png", "ISIC_0000000_segmentation.png")]
    [InlineData("case_1", "/d/masks/case_1_mask.jpg", "case_1_mask.png")]
    [InlineData("a", "/d/masks/a.png", "a.png")]
    [InlineData("a", null, "a.png")]
    [InlineData("liver_3_z045", "/d/labelsTr/liver_3.nii.gz", "liver_3_z045.png")]
    public void A_repaired_mask_keeps_its_source_file_name_except_for_slices_of_volumes(string name, string? source, string expected) =>
        Assert.Equal(expected, MaskFolderReader.WrittenName(name, source));
}
