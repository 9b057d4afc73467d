using Remask.Core.Formats;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.Formats;

public sealed class NiftiLabelsAndSlicesTests : IDisposable
{
    private readonly NiftiTempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LabelCountsPerSliceMatchNibabelValues()
    {
        // Labels 0/1/2 written by nibabel itself; expected counts come from nibabel's values.
        const string name = "uint8_labels_nibabel.nii.gz";
        var expected = NiftiFixtures.Load(name);
        int nx = expected.Shape[0], ny = expected.Shape[1], nz = expected.Shape[2];
        var want = new int[nz];
        var wantTumour = new int[nz];
        for (int i = 0; i < expected.Values.Length; i++)
        {
            if (expected.Values[i] >= 1) want[i / (nx * ny)]++;
            if (expected.Values[i] == 2) wantTumour[i / (nx * ny)]++;
        }

        var labels = NiftiLabels.Read(NiftiFixtures.PathOf(name));
        Assert.Equal(want, NiftiLabels.ForegroundCountPerSlice(labels, ForegroundRule.AnyPositive));
        Assert.Equal(wantTumour, NiftiLabels.ForegroundCountPerSlice(labels, ForegroundRule.Labels([2])));
    }

    [Fact]
    public void MaskSliceIsTheDisplaySliceThresholded()
    {
        const string name = "uint8_labels_nibabel.nii.gz";
        var expected = NiftiFixtures.Load(name);
        var labels = NiftiLabels.Read(NiftiFixtures.PathOf(name));
        var orientation = SliceOrientation.Of(labels);
        for (int k = 0; k < labels.Nz; k++)
        {
            var mask = NiftiSlices.MaskSlice(labels, k, ForegroundRule.AnyPositive, orientation);
            var want = expected.DisplaySlices[k];
            Assert.Equal((want.GetLength(1), want.GetLength(0)), (mask.Width, mask.Height));
            for (int y = 0; y < mask.Height; y++)
                for (int x = 0; x < mask.Width; x++)
                    Assert.Equal(want[y, x] >= 1, mask[x, y]);
        }
    }

    [Fact]
    public void ImageAndLabelSlicesStayAligned()
    {
        // An image whose intensity is 1000 HU exactly where the label is set: windowed image and mask agree pixel for pixel,
        // on a grid whose in-plane axes are swapped and flipped.
        var labels = NiftiReader.Read(NiftiFixtures.PathOf("uint8_sform_swapped.nii"));
        var labelValues = labels.ToArray();
        for (int i = 0; i < labelValues.Length; i++) labelValues[i] = i % 7 == 0 ? 1 : 0;
        labels = labels.WithValues(labelValues, NiftiDatatype.UInt8);
        var image = labels.WithValues(labelValues.Select(v => v * 1000f - 500f).ToArray(), NiftiDatatype.Float32);
        var orientation = SliceOrientation.Of(image);
        Assert.True(orientation.Transposed);

        int foreground = 0;
        for (int k = 0; k < image.Nz; k++)
        {
            Image picture = NiftiSlices.ImageSlice(image, k, CtWindow.Default, orientation);
            Mask mask = NiftiSlices.MaskSlice(labels, k, ForegroundRule.AnyPositive, orientation);
            Assert.Equal((picture.Width, picture.Height), (mask.Width, mask.Height));
            Assert.Equal(1, picture.Channels);
            foreground += mask.CountForeground();
            for (int y = 0; y < mask.Height; y++)
                for (int x = 0; x < mask.Width; x++)
                    Assert.Equal(mask[x, y] ? 1f : 0f, picture[0, x, y]);
        }
        Assert.Equal(labelValues.Count(v => v > 0), foreground);
    }

    [Fact]
    public void ImageSliceAppliesTheWindowToTheDisplaySlice()
    {
        const string name = "int16_scaled_lps.nii.gz";
        var expected = NiftiFixtures.Load(name);
        var volume = NiftiReader.Read(NiftiFixtures.PathOf(name));
        var window = new CtWindow(-2000, 30000);
        var image = NiftiSlices.ImageSlice(volume, 1, window, SliceOrientation.Of(volume));
        var want = expected.DisplaySlices[1];
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                double t = Math.Clamp((want[y, x] - (-2000 - 15000)) / 30000.0, 0, 1);
                Assert.Equal(t, image[0, x, y], 6);
            }
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "an infinite value")]
    public void LabelVolumeWithNonFiniteValuesIsRejected(float bad, string what)
    {
        var values = new float[24];
        values[17] = bad; // (1, 1, 1) in 4x3x2
        string path = _temp.File("labels.nii.gz");
        NiftiWriter.Write(path, 4, 3, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.Float32, values);

        var e = Assert.Throws<RemaskDataException>(() => NiftiLabels.Read(path));
        Assert.Equal(path, e.Path);
        Assert.Equal($"label volume holds {what} at voxel (1, 1, 1); labels must be finite numbers", e.Problem);
    }

    [Fact]
    public void LabelGridMustMatchTheImage()
    {
        var image = new NiftiVolume(4, 3, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.Int16, new float[24]);
        var labels = new NiftiVolume(4, 3, 3, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.UInt8, new float[36]);
        var e = Assert.Throws<RemaskDataException>(() => NiftiSlices.CheckSameGrid(image, labels, "labelsTr/liver_1.nii.gz"));
        Assert.Equal("labelsTr/liver_1.nii.gz: label volume is 4x3x3 but its image is 4x3x2", e.Message);
        NiftiSlices.CheckSameGrid(image, image, "same");
    }

    [Fact]
    public void SliceIndexOutsideTheVolumeIsRefused()
    {
        var v = new NiftiVolume(2, 2, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.UInt8, new float[8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => NiftiSlices.Slice(v, 2, SliceOrientation.AsStored));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiftiSlices.Slice(v, -1, SliceOrientation.AsStored));
    }
}
