using Remask.Core.Imaging;

namespace Remask.Core.Noise;

/// <summary>
/// Label noise for volumes: the 2D noise model applied to every axial slice (the third voxel axis) on its own, as an
/// annotator outlines a volume slice by slice; each slice gets its own seed, so the noise of a slice does not depend
/// on the others.
/// </summary>
public static class VolumeNoise
{
    /// <summary>The noisy copy of the binary volume <paramref name="clean"/> (nx x ny x nz, x fastest);
    /// <paramref name="seedOfSlice"/> gives slice k's seed.</summary>
    public static byte[] Apply(ILabelNoise noise, byte[] clean, int nx, int ny, int nz, Func<int, ulong> seedOfSlice)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(clean);
        int plane = nx * ny;
        if (clean.LongLength != (long)plane * nz) throw new ArgumentException($"volume has {clean.LongLength} voxels, {nx}x{ny}x{nz} needs {(long)plane * nz}", nameof(clean));
        var noisy = new byte[clean.Length];
        for (int k = 0; k < nz; k++)
        {
            var slice = new Mask(nx, ny, clean.AsSpan(k * plane, plane).ToArray());
            noise.Apply(slice, seedOfSlice(k)).Pixels.CopyTo(noisy.AsSpan(k * plane, plane));
        }
        return noisy;
    }
}
