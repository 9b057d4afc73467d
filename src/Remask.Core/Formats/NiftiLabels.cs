using Remask.Core.Imaging;

namespace Remask.Core.Formats;

/// <summary>Label volumes (segmentations stored as NIfTI): reading with a check that every value is a number.</summary>
public static class NiftiLabels
{
    /// <summary>Reads a label volume; NaN or infinite values fail with a one-line error naming the file and the voxel.</summary>
    public static NiftiVolume Read(string path, CancellationToken cancellationToken = default)
    {
        var volume = NiftiReader.Read(path, cancellationToken);
        CheckFinite(volume, path);
        return volume;
    }

    /// <summary>Fails, naming <paramref name="path"/> and the first bad voxel, when a value is NaN or infinite.</summary>
    public static void CheckFinite(NiftiVolume labels, string path)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var values = labels.Values;
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            int x = i % labels.Nx, y = i / labels.Nx % labels.Ny, z = i / (labels.Nx * labels.Ny);
            string what = float.IsNaN(values[i]) ? "NaN" : "an infinite value";
            throw new RemaskDataException(path, $"label volume holds {what} at voxel ({x}, {y}, {z}); labels must be finite numbers");
        }
    }

    /// <summary>The binary volume of <paramref name="labels"/> under <paramref name="rule"/>: 1 where foreground,
    /// x fastest, then y, then z (the stored layout).</summary>
    public static byte[] Foreground(NiftiVolume labels, ForegroundRule rule)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rule);
        var values = labels.Values;
        var mask = new byte[values.Length];
        for (int i = 0; i < values.Length; i++) mask[i] = rule.IsForeground((double)values[i]) ? (byte)1 : (byte)0;
        return mask;
    }

    /// <summary>Foreground voxels per slice k (for picking slices with or without the organ).</summary>
    public static int[] ForegroundCountPerSlice(NiftiVolume labels, ForegroundRule rule)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rule);
        var counts = new int[labels.Nz];
        for (int k = 0; k < labels.Nz; k++)
        {
            int n = 0;
            foreach (float v in labels.Slab(k))
                if (rule.IsForeground((double)v)) n++;
            counts[k] = n;
        }
        return counts;
    }
}
