using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

/// <summary>Our reader against nibabel on files nibabel reads (see Fixtures/nifti/make_fixtures.py).</summary>
public class NiftiReaderFixtureTests
{
    public static TheoryData<string> Fixtures => NiftiFixtures.Names();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void HeaderMatchesNibabel(string name)
    {
        var expected = NiftiFixtures.Load(name);
        var header = NiftiReader.ReadHeader(NiftiFixtures.PathOf(name));

        Assert.Equal(expected.Shape[..3], new[] { header.Nx, header.Ny, header.Nz });
        Assert.Equal(expected.Datatype, (short)header.Datatype);
        Assert.Equal(expected.BigEndian, header.IsBigEndian);
        Assert.Equal(expected.Zooms, new[] { header.Spacing.X, header.Spacing.Y, header.Spacing.Z });
        AssertAffine(expected.Affine, header.Affine);
        Assert.Equal(expected.Slope, header.ScaleSlope);
        Assert.Equal(expected.Inter, header.ScaleIntercept);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void VolumeMatchesNibabel(string name)
    {
        var expected = NiftiFixtures.Load(name);
        var volume = NiftiReader.Read(NiftiFixtures.PathOf(name));

        Assert.Equal(expected.Shape[..3], new[] { volume.Nx, volume.Ny, volume.Nz });
        Assert.Equal(expected.Datatype, (short)volume.Datatype);
        Assert.Equal(expected.Zooms, new[] { volume.Spacing.X, volume.Spacing.Y, volume.Spacing.Z });
        AssertAffine(expected.Affine, volume.Affine);
        Assert.Equal(expected.Values.Length, volume.VoxelCount);
        for (int i = 0; i < expected.Values.Length; i++)
            NiftiFixtures.AssertSameValue(expected.Values[i], volume.Values[i], $"{name} voxel {i}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DisplaySlicesMatchNibabelReorientedToLeftPosterior(string name)
    {
        var expected = NiftiFixtures.Load(name);
        var volume = NiftiReader.Read(NiftiFixtures.PathOf(name));
        var orientation = SliceOrientation.Of(volume);

        Assert.Equal(volume.Nz, expected.DisplaySlices.Length);
        for (int k = 0; k < volume.Nz; k++)
        {
            var slice = NiftiSlices.Slice(volume, k, orientation);
            var want = expected.DisplaySlices[k];
            Assert.Equal(want.GetLength(0), slice.Height);
            Assert.Equal(want.GetLength(1), slice.Width);
            for (int y = 0; y < slice.Height; y++)
                for (int x = 0; x < slice.Width; x++)
                    NiftiFixtures.AssertSameValue(want[y, x], slice[x, y], $"{name} slice {k} row {y} column {x} ({orientation})");
        }
    }

    [Fact]
    public void FixturesCoverEveryDatatypeBothByteOrdersGzipAndEveryAffineSource()
    {
        var headers = NiftiFixtures.NameList()
            .Select(n => (Name: n, Header: NiftiReader.ReadHeader(NiftiFixtures.PathOf(n)))).ToList();

        Assert.Equal(Enum.GetValues<NiftiDatatype>().Order(), headers.Select(h => h.Header.Datatype).Distinct().Order());
        Assert.Contains(headers, h => h.Header.IsBigEndian);
        Assert.Contains(headers, h => !h.Header.IsBigEndian);
        Assert.Contains(headers, h => h.Name.EndsWith(".gz", StringComparison.Ordinal));
        Assert.Contains(headers, h => !h.Name.EndsWith(".gz", StringComparison.Ordinal));
        Assert.Equal(Enum.GetValues<NiftiAffineSource>().Order(), headers.Select(h => h.Header.AffineSource).Distinct().Order());
        Assert.Contains(headers, h => h.Header.HasScaling);
        Assert.Contains(headers, h => h.Header.DimCount == 4);
        Assert.Contains(headers, h => h.Header.VoxOffset > NiftiHeader.MinimumVoxOffset);
    }

    [Fact]
    public void ZeroOrNanSlopeMeansNoScaling()
    {
        // int32 fixture: slope 0 with intercept 5; float32 fixture: slope NaN with intercept 7. Both are stored unscaled.
        var zero = NiftiReader.ReadHeader(NiftiFixtures.PathOf("int32_bigendian_noxform.nii.gz"));
        var nan = NiftiReader.ReadHeader(NiftiFixtures.PathOf("float32_extension.nii"));
        Assert.Equal(0f, zero.SclSlope);
        Assert.Equal(5f, zero.SclInter);
        Assert.True(float.IsNaN(nan.SclSlope));
        Assert.False(zero.HasScaling);
        Assert.False(nan.HasScaling);
        Assert.Equal((1.0, 0.0), (zero.ScaleSlope, zero.ScaleIntercept));
    }

    [Fact]
    public void AffineSourceFollowsTheCodes()
    {
        Assert.Equal(NiftiAffineSource.Sform, NiftiReader.ReadHeader(NiftiFixtures.PathOf("uint8_sform_swapped.nii")).AffineSource);
        Assert.Equal(NiftiAffineSource.Qform, NiftiReader.ReadHeader(NiftiFixtures.PathOf("int8_qform_only.nii.gz")).AffineSource);
        Assert.Equal(NiftiAffineSource.Fallback, NiftiReader.ReadHeader(NiftiFixtures.PathOf("int32_bigendian_noxform.nii.gz")).AffineSource);
    }

    private static void AssertAffine(double[,] expected, Affine4x4 actual)
    {
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                Assert.True(Math.Abs(expected[r, c] - actual[r, c]) <= 1e-9 * Math.Max(1, Math.Abs(expected[r, c])),
                    $"affine[{r},{c}]: nibabel {expected[r, c]}, ours {actual[r, c]} (affine {actual})");
    }
}
