using System.Buffers;

namespace Remask.Core.Formats;

/// <summary>
/// Reads single-file NIfTI-1 volumes (.nii, and .nii.gz recognised by its gzip magic bytes).
/// Datatypes uint8, int8, int16, uint16, int32, float32, float64, either byte order; 3D, or 4D with one volume.
/// Bad files fail with a one-line <see cref="RemaskDataException"/> naming the file. See docs/formats-nifti.md.
/// </summary>
public static class NiftiReader
{
    /// <summary>Bytes read and converted per step (a multiple of every voxel size).</summary>
    private const int BlockBytes = 1 << 20;

    /// <summary>Deflate expands data at most 1032 times: a .nii.gz cannot hold more decompressed bytes than this many
    /// times its own size, so a header that asks for more is refused before its voxels are allocated.</summary>
    private const long MaxInflateRatio = 1032;

    /// <summary>Reads only the header (for .nii.gz only its first 348 bytes are decompressed) and checks it.</summary>
    public static NiftiHeader ReadHeader(string path)
    {
        using var input = NiftiInput.Open(path);
        return input.ReadHeader();
    }

    /// <summary>Reads the whole volume; values come out scaled, x fastest, then y, then z.</summary>
    public static NiftiVolume Read(string path, CancellationToken cancellationToken = default)
    {
        using var input = NiftiInput.Open(path);
        var header = input.ReadHeader();
        if (header.VoxelCount > Array.MaxLength)
            throw new RemaskDataException(path, $"{header.Nx}x{header.Ny}x{header.Nz} = {header.VoxelCount} voxels is more than one array can hold");

        string DescribeShort() =>
            $"voxel data is shorter than the header says: {header.Nx}x{header.Ny}x{header.Nz} {NiftiDatatypes.Name(header.Datatype)} " +
            $"needs {header.DataBytes} bytes from offset {header.VoxOffset}" +
            (input.IsGzip ? "" : $", the file has {Math.Max(0, input.FileLength - header.VoxOffset)}");

        if (!input.IsGzip && input.FileLength < header.VoxOffset + header.DataBytes)
            throw new RemaskDataException(path, DescribeShort());
        if (input.IsGzip && header.VoxOffset + header.DataBytes > input.FileLength * MaxInflateRatio)
            throw new RemaskDataException(path,
                $"{header.Nx}x{header.Ny}x{header.Nz} {NiftiDatatypes.Name(header.Datatype)} needs {header.DataBytes} bytes of voxel data, " +
                $"more than a gzip file of {input.FileLength} bytes can hold (deflate expands at most {MaxInflateRatio} times)");
        input.SkipTo(header.VoxOffset, DescribeShort);

        var values = new float[header.VoxelCount];
        ReadVoxels(input, header, values, DescribeShort, cancellationToken);
        input.CheckGzipEnd(header.DataBytes);
        return new NiftiVolume(header.Nx, header.Ny, header.Nz, header.Spacing, header.Affine, header.Datatype, values,
            header.ScaleSlope, header.ScaleIntercept);
    }

    private static void ReadVoxels(NiftiInput input, NiftiHeader header, float[] values, Func<string> describeShort,
        CancellationToken cancellationToken)
    {
        int bytesPerVoxel = header.BytesPerVoxel;
        bool swap = header.IsBigEndian == BitConverter.IsLittleEndian;
        byte[] block = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            long done = 0;
            while (done < values.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = (int)Math.Min(BlockBytes / bytesPerVoxel, values.Length - done);
                var raw = block.AsSpan(0, count * bytesPerVoxel);
                input.ReadExactly(raw, describeShort);
                NiftiVoxelCodec.Decode(raw, header.Datatype, swap, header.HasScaling, header.ScaleSlope, header.ScaleIntercept,
                    values.AsSpan((int)done, count));
                done += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
