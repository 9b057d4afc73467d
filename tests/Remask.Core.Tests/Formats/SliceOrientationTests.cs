using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

/// <summary>The display rule on hand-worked cases (nibabel-checked cases are in NiftiReaderFixtureTests).</summary>
public class SliceOrientationTests
{
    [Fact]
    public void DicomStyleVolumeIsShownAsStored()
    {
        // i runs to the patient's left (-x), j to posterior (-y): radiological already.
        Assert.Equal(SliceOrientation.AsStored, SliceOrientation.FromAffine(Affine4x4.Diagonal(-0.7, -0.7, 2.5)));
    }

    [Fact]
    public void RasStoredVolumeIsFlippedBothWays()
    {
        // i runs to the right (+x) and j to anterior (+y): flip columns (right on the left) and rows (anterior on top).
        Assert.Equal(new SliceOrientation(false, true, true), SliceOrientation.FromAffine(Affine4x4.Diagonal(1, 1, 1)));
    }

    [Fact]
    public void SwappedInPlaneAxesAreTransposed()
    {
        // i runs to posterior (-y), j to the right (+x): columns along j (flipped), rows along i (not flipped).
        var affine = new Affine4x4([0, 0.9, 0, 0, -0.8, 0, 0, 0, 0, 0, 2.5, 0]);
        Assert.Equal(new SliceOrientation(true, true, false), SliceOrientation.FromAffine(affine));
    }

    [Fact]
    public void CoronalStackPutsSuperiorOnTop()
    {
        // k along y (coronal slices), i to the left, j to superior (+z): rows flipped so that superior is at the top.
        var affine = new Affine4x4([-1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
        Assert.Equal(new SliceOrientation(false, false, true), SliceOrientation.FromAffine(affine));
    }

    [Fact]
    public void ArrangeLaysOutAThreeByTwoSliceByHand()
    {
        // Stored slab, x fastest: (x, y) -> value 10 * y + x.  nx = 3, ny = 2.
        float[] slab = [0, 1, 2, 10, 11, 12];
        Assert.Equal(new float[] { 0, 1, 2, 10, 11, 12 }, Arranged(SliceOrientation.AsStored, slab));
        Assert.Equal(new float[] { 2, 1, 0, 12, 11, 10 }, Arranged(new SliceOrientation(false, true, false), slab));
        Assert.Equal(new float[] { 10, 11, 12, 0, 1, 2 }, Arranged(new SliceOrientation(false, false, true), slab));
        Assert.Equal(new float[] { 12, 11, 10, 2, 1, 0 }, Arranged(new SliceOrientation(false, true, true), slab));
        // Transposed: 2 wide (y along columns), 3 high (x down the rows).
        Assert.Equal(new float[] { 0, 10, 1, 11, 2, 12 }, Arranged(new SliceOrientation(true, false, false), slab));
        Assert.Equal(new float[] { 10, 0, 11, 1, 12, 2 }, Arranged(new SliceOrientation(true, true, false), slab));
        Assert.Equal(new float[] { 2, 12, 1, 11, 0, 10 }, Arranged(new SliceOrientation(true, false, true), slab));
    }

    [Fact]
    public void SizesFollowTheTranspose()
    {
        var t = new SliceOrientation(true, false, false);
        Assert.Equal((2, 3), (t.Width(3, 2), t.Height(3, 2)));
        Assert.Equal((3, 2), (SliceOrientation.AsStored.Width(3, 2), SliceOrientation.AsStored.Height(3, 2)));
    }

    private static float[] Arranged(SliceOrientation o, float[] slab)
    {
        var dest = new float[slab.Length];
        o.Arrange(slab, 3, 2, dest.AsSpan(), v => v);
        return dest;
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(true, true, true)]
    public void Restore_puts_an_arranged_slice_back_into_stored_order(bool transposed, bool flipColumns, bool flipRows)
    {
        var orientation = new SliceOrientation(transposed, flipColumns, flipRows);
        int nx = 3, ny = 2;
        var slab = Enumerable.Range(0, nx * ny).Select(v => (float)v).ToArray();
        var shown = new float[nx * ny];
        orientation.Arrange(slab, nx, ny, shown.AsSpan(), v => v);
        var back = new float[nx * ny];
        orientation.Restore<float>(shown, nx, ny, back);
        Assert.Equal(slab, back);
    }
}
