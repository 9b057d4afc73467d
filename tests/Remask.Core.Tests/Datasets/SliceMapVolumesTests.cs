using Remask.Core.Datasets;
using Remask.Core.Formats;
using Remask.Core.Tests.Formats;

namespace Remask.Core.Tests.Datasets;

public class SliceMapVolumesTests
{
    [Fact]
    public void Slice_maps_go_back_to_the_image_grid_with_its_affine_and_missing_slices_are_NaN()
    {
        using var dir = new NiftiTempFolder();
        // A RAS-stored image (affine diag(+, +, +)): its slices are shown flipped both ways, so Restore must undo that.
        var affine = Affine4x4.Diagonal(0.8, 0.7, 2.5, -10, 5, 3);
        int nx = 3, ny = 2, nz = 3;
        string image = dir.File("liver_7.nii.gz");
        NiftiWriter.Write(image, nx, ny, nz, new VoxelSpacing(0.8, 0.7, 2.5), affine, NiftiDatatype.Int16, new float[nx * ny * nz]);
        var orientation = SliceOrientation.FromAffine(affine);
        Assert.True(orientation.FlipColumns && orientation.FlipRows);

        // Stored slab values for z = 0 and z = 2, shown the way the slices were cut.
        float[] Shown(float[] slab)
        {
            var shown = new float[slab.Length];
            orientation.Arrange(slab, nx, ny, shown.AsSpan(), v => v);
            return shown;
        }
        float[] slab0 = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], slab2 = [1, 2, 3, 4, 5, 6];
        var maps = new SliceMapVolumes(dir.File("out"), ["aleatoric", "mean"]);
        maps.Add("liver_7", image, 0, [Shown(slab0), Shown(slab0.Select(v => v / 10).ToArray())]);
        maps.Add("liver_7", image, 2, [Shown(slab2), Shown(slab2.Select(v => v / 10).ToArray())]);
        maps.Flush();

        var read = NiftiReader.Read(dir.File("out/aleatoric/liver_7.nii.gz"));
        Assert.Equal((nx, ny, nz, NiftiDatatype.Float32), (read.Nx, read.Ny, read.Nz, read.Datatype));
        Assert.Equal(affine.ToString(), read.Affine.ToString());
        Assert.Equal(slab0, read.Slab(0).ToArray());
        Assert.All(read.Slab(1).ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(slab2, read.Slab(2).ToArray());
        var mean = NiftiReader.Read(dir.File("out/mean/liver_7.nii.gz"));
        Assert.Equal(slab2.Select(v => v / 10).ToArray(), mean.Slab(2).ToArray());
        Assert.Equal(1, maps.Written);
    }

    [Fact]
    public void A_volume_whose_slices_come_apart_is_refused_instead_of_overwritten()
    {
        using var dir = new NiftiTempFolder();
        foreach (string name in new[] { "a", "b" })
            NiftiWriter.Write(dir.File(name + ".nii"), 2, 2, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.Int16, new float[8]);
        var maps = new SliceMapVolumes(dir.File("out"), ["m"]);
        maps.Add("a", dir.File("a.nii"), 0, [new float[4]]);
        maps.Add("b", dir.File("b.nii"), 0, [new float[4]]);
        Assert.Throws<InvalidOperationException>(() => maps.Add("a", dir.File("a.nii"), 1, [new float[4]]));
    }

    [Fact]
    public void Mask_volumes_are_written_as_uint8_and_a_slice_not_given_is_0()
    {
        using var dir = new NiftiTempFolder();
        NiftiWriter.Write(dir.File("a.nii"), 2, 2, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.Int16, new float[8]);
        var masks = new SliceMapVolumes(dir.File("out"), ["masks"], [NiftiDatatype.UInt8]);
        float[] slice = [1, 0, 0, 1];
        var shown = new float[4];
        SliceOrientation.FromAffine(Affine4x4.Identity).Arrange(slice, 2, 2, shown.AsSpan(), v => v);
        masks.Add("a", dir.File("a.nii"), 1, [shown]);
        masks.Flush();
        var read = NiftiReader.Read(dir.File("out/masks/a.nii.gz"));
        Assert.Equal(NiftiDatatype.UInt8, read.Datatype);
        Assert.Equal(new float[4], read.Slab(0).ToArray());
        Assert.Equal(slice, read.Slab(1).ToArray());
    }

    [Fact]
    public void One_datatype_per_map_name_is_required() =>
        Assert.Throws<ArgumentException>(() => new SliceMapVolumes("out", ["a", "b"], [NiftiDatatype.UInt8]));
}
