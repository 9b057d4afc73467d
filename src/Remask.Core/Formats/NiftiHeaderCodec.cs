using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Remask.Core.Formats;

/// <summary>
/// The 348-byte NIfTI-1 header: parsing with every check Remask makes (each failure a one-line
/// <see cref="RemaskDataException"/> naming the file), and encoding for the writer (little-endian).
/// Field offsets are those of nifti1.h.
/// </summary>
internal static class NiftiHeaderCodec
{
    private const int OffDim = 40;
    private const int OffDatatype = 70;
    private const int OffBitpix = 72;
    private const int OffPixdim = 76;
    private const int OffVoxOffset = 108;
    private const int OffSclSlope = 112;
    private const int OffSclInter = 116;
    private const int OffXyztUnits = 123;
    private const int OffDescrip = 148;
    private const int OffQformCode = 252;
    private const int OffSformCode = 254;
    private const int OffQuaternB = 256;
    private const int OffQoffsetX = 268;
    private const int OffSrowX = 280;
    private const int OffMagic = 344;

    /// <summary>Parses and checks a header; <paramref name="bytes"/> holds at least 348 bytes.</summary>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < NiftiHeader.SizeOfHeader)
            throw new RemaskDataException(path, $"truncated NIfTI header: {bytes.Length} bytes, {NiftiHeader.SizeOfHeader} needed");

        int sizeLe = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int sizeBe = BinaryPrimitives.ReadInt32BigEndian(bytes);
        bool bigEndian;
        if (sizeLe == NiftiHeader.SizeOfHeader) bigEndian = false;
        else if (sizeBe == NiftiHeader.SizeOfHeader) bigEndian = true;
        else if (sizeLe == 540 || sizeBe == 540)
            throw new RemaskDataException(path, "is a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 is supported");
        else
            throw new RemaskDataException(path, $"not a NIfTI-1 file: sizeof_hdr is {sizeLe}, expected 348");

        var r = new FieldReader(bytes, bigEndian);
        CheckMagic(bytes.Slice(OffMagic, 4), path);

        int dimCount = r.Int16(OffDim);
        if (dimCount is < 1 or > 7)
            throw new RemaskDataException(path, $"dim[0] is {dimCount}; the number of dimensions must be 1 to 7");
        var dims = new int[8];
        for (int i = 1; i <= 7; i++) dims[i] = i <= dimCount ? r.Int16(OffDim + 2 * i) : 1;
        for (int i = 1; i <= dimCount; i++)
            if (dims[i] <= 0)
                throw new RemaskDataException(path, $"dim[{i}] is {dims[i]}; every dimension must be positive");
        long extra = 1;
        for (int i = 4; i <= dimCount; i++) extra *= dims[i];
        if (extra > 1)
            throw new RemaskDataException(path,
                $"holds {extra} volumes (dims {string.Join("x", dims.Skip(1).Take(dimCount))}); only 3D volumes (or 4D with a single volume) are supported");

        short datatypeCode = r.Int16(OffDatatype);
        if (!NiftiDatatypes.IsSupported(datatypeCode))
            throw new RemaskDataException(path,
                $"unsupported datatype code {datatypeCode} ({NiftiDatatypes.Name(datatypeCode)}); supported: {NiftiDatatypes.SupportedList()}");
        var datatype = (NiftiDatatype)datatypeCode;

        float voxOffsetRaw = r.Float(OffVoxOffset);
        if (!float.IsFinite(voxOffsetRaw) || voxOffsetRaw < NiftiHeader.MinimumVoxOffset || voxOffsetRaw != MathF.Floor(voxOffsetRaw))
            throw new RemaskDataException(path,
                $"vox_offset is {voxOffsetRaw.ToString(CultureInfo.InvariantCulture)}; a single-file NIfTI needs a whole number >= {NiftiHeader.MinimumVoxOffset}");

        float slope = r.Float(OffSclSlope), inter = r.Float(OffSclInter);
        if (float.IsFinite(slope) && slope != 0 && !float.IsFinite(inter))
            throw new RemaskDataException(path,
                $"scl_slope is {slope.ToString(CultureInfo.InvariantCulture)} but scl_inter is {inter.ToString(CultureInfo.InvariantCulture)}; the intercept must be finite");

        var pixdim = new double[8];
        for (int i = 0; i < 8; i++) pixdim[i] = r.Float(OffPixdim + 4 * i);
        // Axes beyond dim[0] have size 1 (as nibabel pads a 1D or 2D shape and its zooms).
        var spacing = new VoxelSpacing(
            dimCount >= 1 ? CleanVoxelSize(pixdim[1]) : 1,
            dimCount >= 2 ? CleanVoxelSize(pixdim[2]) : 1,
            dimCount >= 3 ? CleanVoxelSize(pixdim[3]) : 1);
        double qfac = pixdim[0] == -1 ? -1 : 1;

        short qformCode = r.Int16(OffQformCode), sformCode = r.Int16(OffSformCode);
        Affine4x4 affine;
        NiftiAffineSource source;
        if (sformCode > 0)
        {
            var top = new double[12];
            for (int i = 0; i < 12; i++) top[i] = r.Float(OffSrowX + 4 * i);
            affine = new Affine4x4(top);
            source = NiftiAffineSource.Sform;
        }
        else if (qformCode > 0)
        {
            double b = r.Float(OffQuaternB), c = r.Float(OffQuaternB + 4), d = r.Float(OffQuaternB + 8);
            var offset = (r.Float(OffQoffsetX), (double)r.Float(OffQoffsetX + 4), (double)r.Float(OffQoffsetX + 8));
            affine = NiftiQuaternion.ToAffine(b, c, d, qfac, (spacing.X, spacing.Y, spacing.Z), offset)
                ?? throw new RemaskDataException(path,
                    $"qform quaternion (b, c, d) = ({b.ToString(CultureInfo.InvariantCulture)}, {c.ToString(CultureInfo.InvariantCulture)}, {d.ToString(CultureInfo.InvariantCulture)}) is longer than 1");
            source = NiftiAffineSource.Qform;
        }
        else
        {
            affine = NiftiHeader.FallbackAffine(dims[1], dims[2], dims[3], spacing);
            source = NiftiAffineSource.Fallback;
        }

        return new NiftiHeader
        {
            IsBigEndian = bigEndian,
            DimCount = dimCount,
            Nx = dims[1],
            Ny = dims[2],
            Nz = dims[3],
            Datatype = datatype,
            Spacing = spacing,
            Qfac = qfac,
            VoxOffset = (long)voxOffsetRaw,
            SclSlope = slope,
            SclInter = inter,
            QformCode = qformCode,
            SformCode = sformCode,
            Description = ReadText(bytes.Slice(OffDescrip, 80)),
            Affine = affine,
            AffineSource = source,
        };
    }

    /// <summary>A 352-byte little-endian header (348 + 4 zero extension-flag bytes) for a volume written as given.</summary>
    public static byte[] Encode(int nx, int ny, int nz, VoxelSpacing spacing, Affine4x4 affine, NiftiDatatype datatype,
        double sclSlope, double sclInter, QformParameters? qform)
    {
        var h = new byte[NiftiHeader.MinimumVoxOffset];
        var s = h.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s, NiftiHeader.SizeOfHeader);
        short[] dim = [3, checked((short)nx), checked((short)ny), checked((short)nz), 1, 1, 1, 1];
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteInt16LittleEndian(s[(OffDim + 2 * i)..], dim[i]);
        BinaryPrimitives.WriteInt16LittleEndian(s[OffDatatype..], (short)datatype);
        BinaryPrimitives.WriteInt16LittleEndian(s[OffBitpix..], (short)(8 * NiftiDatatypes.BytesPerVoxel(datatype)));
        double[] pixdim = [qform?.Qfac ?? 1, spacing.X, spacing.Y, spacing.Z, 1, 1, 1, 1];
        for (int i = 0; i < 8; i++) WriteFloat(s[(OffPixdim + 4 * i)..], pixdim[i]);
        WriteFloat(s[OffVoxOffset..], NiftiHeader.MinimumVoxOffset);
        WriteFloat(s[OffSclSlope..], sclSlope);
        WriteFloat(s[OffSclInter..], sclInter);
        h[OffXyztUnits] = 2; // NIFTI_UNITS_MM
        Encoding.ASCII.GetBytes("Remask", s.Slice(OffDescrip, 80));
        if (qform is { } q)
        {
            BinaryPrimitives.WriteInt16LittleEndian(s[OffQformCode..], 1); // NIFTI_XFORM_SCANNER_ANAT
            WriteFloat(s[OffQuaternB..], q.B);
            WriteFloat(s[(OffQuaternB + 4)..], q.C);
            WriteFloat(s[(OffQuaternB + 8)..], q.D);
            WriteFloat(s[OffQoffsetX..], q.Offset.X);
            WriteFloat(s[(OffQoffsetX + 4)..], q.Offset.Y);
            WriteFloat(s[(OffQoffsetX + 8)..], q.Offset.Z);
        }
        BinaryPrimitives.WriteInt16LittleEndian(s[OffSformCode..], 1); // NIFTI_XFORM_SCANNER_ANAT
        for (int row = 0; row < 3; row++)
            for (int col = 0; col < 4; col++)
                WriteFloat(s[(OffSrowX + 16 * row + 4 * col)..], affine[row, col]);
        "n+1\0"u8.CopyTo(s[OffMagic..]);
        return h;
    }

    private static void CheckMagic(ReadOnlySpan<byte> magic, string path)
    {
        if (magic.SequenceEqual("n+1\0"u8)) return;
        if (magic.SequenceEqual("ni1\0"u8))
            throw new RemaskDataException(path, "is the header of a NIfTI-1 .hdr/.img pair (magic \"ni1\"); .hdr/.img pairs are not supported, convert to a single .nii or .nii.gz");
        if (magic.SequenceEqual("n+2\0"u8))
            throw new RemaskDataException(path, "is a NIfTI-2 file (magic \"n+2\"); only NIfTI-1 is supported");
        throw new RemaskDataException(path, $"bad NIfTI magic \"{Printable(magic)}\"; a single-file NIfTI-1 has \"n+1\"");
    }

    /// <summary>nibabel's fix on load: negative sizes become positive, zero becomes 1.</summary>
    private static double CleanVoxelSize(double v) => v == 0 || !double.IsFinite(v) ? 1 : Math.Abs(v);

    private static string ReadText(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        if (end >= 0) field = field[..end];
        return Encoding.ASCII.GetString(field).Trim();
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
            sb.Append(b is >= 0x20 and < 0x7f ? (char)b : b == 0 ? "\\0" : $"\\x{b:x2}");
        return sb.ToString();
    }

    private static void WriteFloat(Span<byte> dest, double value) => BinaryPrimitives.WriteSingleLittleEndian(dest, (float)value);

    private readonly ref struct FieldReader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public short Int16(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt16LittleEndian(_bytes[offset..]);

        public float Float(int offset) => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadSingleLittleEndian(_bytes[offset..]);
    }
}
