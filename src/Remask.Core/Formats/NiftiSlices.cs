using Remask.Core.Imaging;

namespace Remask.Core.Formats;

/// <summary>
/// 2D slices along the third voxel axis (axial for CT) of a NIfTI volume, laid out for display by a
/// <see cref="SliceOrientation"/>: raw values, a CT-windowed <see cref="Image"/>, or a <see cref="Mask"/> of a label volume.
/// Pass the image's orientation to both the image and its labels so that they stay aligned.
/// </summary>
public static class NiftiSlices
{
    /// <summary>Slice <paramref name="k"/> with its values as they are (after the file's scaling).</summary>
    public static DisplaySlice Slice(NiftiVolume volume, int k, SliceOrientation orientation)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var values = new float[volume.Nx * volume.Ny];
        orientation.Arrange(volume.Slab(k), volume.Nx, volume.Ny, values.AsSpan(), static v => v);
        return new DisplaySlice(orientation.Width(volume.Nx, volume.Ny), orientation.Height(volume.Nx, volume.Ny), values);
    }

    /// <summary>Slice <paramref name="k"/> through a CT window: a one-channel image with values in [0, 1].</summary>
    public static Image ImageSlice(NiftiVolume volume, int k, CtWindow window, SliceOrientation orientation)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(window);
        var values = new float[volume.Nx * volume.Ny];
        orientation.Arrange(volume.Slab(k), volume.Nx, volume.Ny, values.AsSpan(), window.Apply);
        return new Image(orientation.Width(volume.Nx, volume.Ny), orientation.Height(volume.Nx, volume.Ny), 1, values);
    }

    /// <summary>
    /// Slice <paramref name="k"/> of a label volume as a mask: foreground where <paramref name="rule"/> says so
    /// (<see cref="ForegroundRule.AnyPositive"/>, value &gt; 0, is label &gt;= 1 for integer label maps such as
    /// the Decathlon liver labels 0 / 1 liver / 2 tumour).
    /// </summary>
    public static Mask MaskSlice(NiftiVolume labels, int k, ForegroundRule rule, SliceOrientation orientation)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rule);
        var pixels = new byte[labels.Nx * labels.Ny];
        orientation.Arrange(labels.Slab(k), labels.Nx, labels.Ny, pixels.AsSpan(), v => rule.IsForeground((double)v) ? (byte)1 : (byte)0);
        return new Mask(orientation.Width(labels.Nx, labels.Ny), orientation.Height(labels.Nx, labels.Ny), pixels);
    }

    /// <summary>Fails, naming <paramref name="labelPath"/>, when the label volume's grid is not the image's.</summary>
    public static void CheckSameGrid(NiftiVolume image, NiftiVolume labels, string labelPath)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(labels);
        if (!image.SameSize(labels))
            throw new RemaskDataException(labelPath,
                $"label volume is {labels.Nx}x{labels.Ny}x{labels.Nz} but its image is {image.Nx}x{image.Ny}x{image.Nz}");
    }
}
