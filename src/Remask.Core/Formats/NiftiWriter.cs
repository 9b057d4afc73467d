using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using Remask.Core.IO;

namespace Remask.Core.Formats;

/// <summary>
/// Writes single-file NIfTI-1 volumes: .nii, or gzip-compressed when the name ends in .gz (.nii.gz).
/// Little-endian, vox_offset 352, no extensions, xyzt_units mm. The affine goes into the sform
/// (sform_code 1, scanner) and, when it is a rotation with voxel sizes equal to the spacing (no shear),
/// also into the qform (qform_code 1); otherwise qform_code is 0. Written atomically (temporary name, then moved).
/// </summary>
public static class NiftiWriter
{
    private const int BlockVoxels = 1 << 18;
    /// <summary>How far the affine's column lengths may be from the spacing (relative) for the qform to be written.</summary>
    private const double SpacingTolerance = 1e-4;

    /// <summary>
    /// Writes <paramref name="volume"/>. Integer datatypes store (value - intercept) / slope with the volume's scaling
    /// (so a volume read from a scaled file writes back the same way); every value must read back exactly, else an
    /// <see cref="ArgumentException"/> names the first voxel that does not (write float32 instead).
    /// Float datatypes store the values themselves (scl_slope 1, scl_inter 0).
    /// </summary>
    public static void Write(string path, NiftiVolume volume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        bool gzip = CheckExtension(path);
        bool integer = NiftiDatatypes.IsInteger(volume.Datatype);
        double slope = integer ? volume.ScaleSlope : 1, inter = integer ? volume.ScaleIntercept : 0;
        byte[] header = NiftiHeaderCodec.Encode(volume.Nx, volume.Ny, volume.Nz, volume.Spacing, volume.Affine, volume.Datatype,
            slope, inter, QformFor(volume.Affine, volume.Spacing));

        AtomicOutput.WriteFile(path, file =>
        {
            using var output = gzip ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true) : null;
            Stream s = output ?? file;
            s.Write(header);
            WriteVoxels(s, volume, slope, inter, cancellationToken);
        });
    }

    /// <summary>Writes a volume given as its parts; the values are x fastest, then y, then z, unscaled.</summary>
    public static void Write(string path, int nx, int ny, int nz, VoxelSpacing spacing, Affine4x4 affine, NiftiDatatype datatype,
        float[] values, CancellationToken cancellationToken = default) =>
        Write(path, new NiftiVolume(nx, ny, nz, spacing, affine, datatype, values), cancellationToken);

    /// <summary>
    /// The qform for an affine, or null when it cannot hold it: shears, or column lengths other than the
    /// spacing (the qform takes its voxel sizes from pixdim, which holds the spacing).
    /// </summary>
    internal static QformParameters? QformFor(Affine4x4 affine, VoxelSpacing spacing)
    {
        if (NiftiQuaternion.FromAffine(affine) is not { } q) return null;
        bool Same(double a, double b) => Math.Abs(a - b) <= SpacingTolerance * Math.Max(a, b);
        return Same(q.VoxelSizes.X, spacing.X) && Same(q.VoxelSizes.Y, spacing.Y) && Same(q.VoxelSizes.Z, spacing.Z) ? q : null;
    }

    private static bool CheckExtension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase)) return true;
        if (path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase)) return false;
        throw new RemaskUsageException($"{path}: a NIfTI output file must end in .nii or .nii.gz");
    }

    private static void WriteVoxels(Stream output, NiftiVolume volume, double slope, double inter, CancellationToken cancellationToken)
    {
        int bytesPerVoxel = NiftiDatatypes.BytesPerVoxel(volume.Datatype);
        byte[] block = ArrayPool<byte>.Shared.Rent(BlockVoxels * bytesPerVoxel);
        try
        {
            var values = volume.Values;
            for (int start = 0; start < values.Length; start += BlockVoxels)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(BlockVoxels, values.Length - start);
                var raw = block.AsSpan(0, count * bytesPerVoxel);
                int bad = NiftiVoxelCodec.Encode(values.Slice(start, count), volume.Datatype, slope, inter, raw);
                if (bad >= 0) throw NotStorable(volume, start + bad, slope, inter);
                output.Write(raw);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private static ArgumentException NotStorable(NiftiVolume volume, int index, double slope, double inter)
    {
        int x = index % volume.Nx, y = index / volume.Nx % volume.Ny, z = index / (volume.Nx * volume.Ny);
        var ci = CultureInfo.InvariantCulture;
        return new ArgumentException(
            $"voxel ({x}, {y}, {z}) value {volume.Values[index].ToString(ci)} cannot be stored exactly as {NiftiDatatypes.Name(volume.Datatype)} " +
            $"with scl_slope {slope.ToString(ci)} and scl_inter {inter.ToString(ci)}; write it as float32", nameof(volume));
    }
}
