using System.Buffers;
using System.IO.Compression;
using Remask.Core.IO;

namespace Remask.Core.Formats;

/// <summary>
/// Writes a binary mask volume as a copy of the label volume it was derived from: the source's header and extension
/// bytes unchanged (datatype, scaling, byte order, qform and sform, description), the voxels 0 or 1. Noisy or
/// repaired label volumes therefore keep their affine exactly and open in any viewer over their image.
/// </summary>
public static class NiftiMaskWriter
{
    private const int BlockVoxels = 1 << 18;

    /// <summary>Writes <paramref name="mask"/> (one byte per voxel, 0 or not, x fastest, then y, then z; the source's
    /// grid) to <paramref name="path"/> (.nii, or .nii.gz compressed), atomically.</summary>
    public static void WriteLike(string sourcePath, string path, byte[] mask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var header = NiftiReader.ReadHeader(sourcePath);
        if (mask.LongLength != header.VoxelCount)
            throw new ArgumentException($"mask has {mask.LongLength} voxels, {sourcePath} has {header.VoxelCount}", nameof(mask));
        var head = new byte[header.VoxOffset];
        using (var input = NiftiInput.Open(sourcePath))
            input.ReadExactly(head, () => $"the header and extensions end before vox_offset {header.VoxOffset}");
        double slope = header.ScaleSlope, inter = header.ScaleIntercept;
        int bytesPerVoxel = header.BytesPerVoxel;
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

        AtomicOutput.WriteFile(path, file =>
        {
            using var zipped = gzip ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true) : null;
            Stream s = zipped ?? file;
            s.Write(head);
            float[] values = ArrayPool<float>.Shared.Rent(BlockVoxels);
            byte[] raw = ArrayPool<byte>.Shared.Rent(BlockVoxels * bytesPerVoxel);
            try
            {
                for (int start = 0; start < mask.Length; start += BlockVoxels)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int count = Math.Min(BlockVoxels, mask.Length - start);
                    for (int i = 0; i < count; i++) values[i] = mask[start + i] != 0 ? 1f : 0f;
                    var bytes = raw.AsSpan(0, count * bytesPerVoxel);
                    if (NiftiVoxelCodec.Encode(values.AsSpan(0, count), header.Datatype, slope, inter, bytes) >= 0)
                        throw new RemaskDataException(sourcePath, $"its scaling (scl_slope {slope}, scl_inter {inter}) cannot store the labels 0 and 1");
                    if (header.IsBigEndian && bytesPerVoxel > 1)
                        for (int v = 0; v < bytes.Length; v += bytesPerVoxel) bytes.Slice(v, bytesPerVoxel).Reverse();
                    s.Write(bytes);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(values);
                ArrayPool<byte>.Shared.Return(raw);
            }
        });
    }
}
