using Remask.Core.Datasets;
using Remask.Core.IO;
using Remask.Core.Relabeling;

namespace Remask.Core.Tests.IO;

/// <summary>Names and entries from data never lead outside their folder (docs/reliability.md, path safety): the rule
/// itself, and the places that build paths from sample names.</summary>
public sealed class ContainedPathTests
{
    public static TheoryData<string> NotPlain() => new() { "", ".", "..", "../escape", "..\\escape", "a/b", "a\\b", "/etc/passwd", "C:\\x", "x\0y", "new\nline" };

    [Theory]
    [MemberData(nameof(NotPlain))]
    public void A_name_that_is_not_one_plain_file_name_is_refused_with_one_line(string name)
    {
        Assert.False(ContainedPath.IsPlainName(name));
        var e = Assert.Throws<RemaskDataException>(() => ContainedPath.FileIn("/out/masks", name, ".png"));
        Assert.Equal("/out/masks", e.Path);
        Assert.Contains("is not a plain file name", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\0', e.Message);
    }

    [Theory]
    [InlineData("ISIC_0000000")]
    [InlineData("liver_3_z045")]
    [InlineData("a b.c")]
    [InlineData("...x")]
    public void A_plain_name_stays_in_its_folder(string name) =>
        Assert.Equal(Path.Combine("/out", name + ".png"), ContainedPath.FileIn("/out", name, ".png"));

    [Theory]
    [InlineData("../x", "leaves the dataset folder")]
    [InlineData("a/../../x", "leaves the dataset folder")]
    [InlineData("..\\x", "leaves the dataset folder")]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("\\\\server\\share\\x", "")]
    public void An_entry_that_leaves_the_root_is_refused(string entry, string problem)
    {
        var e = Assert.Throws<RemaskDataException>(() => ContainedPath.Resolve("/data/task", entry, "/data/task/dataset.json", "training entry 1 image"));
        Assert.Equal("/data/task/dataset.json", e.Path);
        Assert.StartsWith("training entry 1 image \"", e.Problem);
        Assert.Contains(problem, e.Problem);
    }

    [Theory]
    [InlineData("./imagesTr/a.nii.gz", "/data/task/imagesTr/a.nii.gz")]
    [InlineData("imagesTr\\a.nii.gz", "/data/task/imagesTr/a.nii.gz")]
    [InlineData("imagesTr/../labelsTr/a.nii.gz", "/data/task/labelsTr/a.nii.gz")]
    public void An_entry_inside_the_root_resolves(string entry, string expected) =>
        Assert.Equal(expected, ContainedPath.Resolve("/data/task", entry, "dataset.json", "entry"));

    [Fact]
    public void Repaired_masks_probability_stacks_and_volume_maps_refuse_a_name_that_climbs_out()
    {
        using var dir = new TempDir();
        Assert.Throws<RemaskDataException>(() => MaskFolderReader.WrittenName("../../escape", null));
        Assert.Equal("a_mask.png", MaskFolderReader.WrittenName("a", "/masks/a_mask.png"));

        Directory.CreateDirectory(dir["probs/inside"]);
        Directory.CreateDirectory(dir["escape"]);
        var e = Assert.Throws<RemaskDataException>(() => ProbabilityStacks.Read(dir["probs"], "../escape"));
        Assert.Equal(dir["probs"], e.Path);

        var maps = new SliceMapVolumes(dir["maps"], ["mean"]);
        Assert.Throws<RemaskDataException>(() => maps.Add("../escape", dir["no-image.nii.gz"], 0, [new float[1]]));
        Assert.False(Directory.Exists(dir["maps"]));
    }
}
