using System.Buffers.Binary;
using System.IO.Compression;
using Remask.Core.Noise;

namespace Remask.Fuzzing.Mutations;

/// <summary>
/// NIfTI-1 mutations that know the 348-byte header: dim[] (32767 per axis, 0, negative, more dimensions), datatype and
/// bitpix, vox_offset (huge, fractional, NaN, past the end), scaling (NaN, infinite, huge), pixdim, the qform and sform
/// (codes, quaternions longer than 1, NaN rows), sizeof_hdr and magic; the voxel data cut or extended. For .nii.gz the
/// mutation is made on the decompressed file and compressed again (gzip's CRC-32 holds), or made on the gzip bytes
/// themselves (the CRC-32 must catch it).
/// </summary>
public static class NiftiMutations
{
    private static readonly float[] Floats = [0, -0f, 1, -1, 0.5f, 351.5f, 348, 352, 1e9f, 1e38f, -1e38f, float.Epsilon, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
    private static readonly short[] Dims = [0, 1, 2, 3, 4, 5, 7, 8, -1, 255, 1000, 32767, short.MinValue];

    /// <summary>A mutation of a .nii (<paramref name="gzip"/> false) or .nii.gz file.</summary>
    public static Mutant Mutate(byte[] file, NoiseRandom random, bool gzip)
    {
        if (!gzip) return MutateNii(file, random);
        if (random.Chance(0.6))
        {
            var inner = MutateNii(Gunzip(file), random);
            return new Mutant(Gzip(inner.Bytes), $"inside the gzip stream: {inner.Description}", true);
        }
        return MutateGzip(file, random);
    }

    private static Mutant MutateNii(byte[] nii, NoiseRandom random)
    {
        bool big = BinaryPrimitives.ReadInt32LittleEndian(nii) != 348;
        switch (random.NextInt(10))
        {
            case 0:
            case 1:
            {
                // dim[]: one entry, or all three axes at once (32767^3 voxels claimed by a few hundred bytes)
                if (random.Chance(0.3))
                {
                    short n = new short[] { 1000, 2048, 32767 }[random.NextInt(3)];
                    var b = nii;
                    for (int i = 1; i <= 3; i++) b = Int16(b, 40 + 2 * i, n, big);
                    return new Mutant(b, $"dim[1..3] = {n}", true);
                }
                int k = random.NextInt(8);
                short v = Dims[random.NextInt(Dims.Length)];
                return new Mutant(Int16(nii, 40 + 2 * k, v, big), $"dim[{k}] = {v}", true);
            }
            case 2:
            {
                short code = new short[] { 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 768, 1024, 1536, 2304, -1 }[random.NextInt(16)];
                bool bitpix = random.Chance(0.3);
                return new Mutant(Int16(nii, bitpix ? 72 : 70, code, big), $"{(bitpix ? "bitpix" : "datatype")} = {code}", true);
            }
            case 3:
            {
                float v = random.Chance(0.2) ? nii.Length + random.NextInt(-2, 2) : Floats[random.NextInt(Floats.Length)];
                return new Mutant(Float(nii, 108, v, big), $"vox_offset = {v}", true);
            }
            case 4:
            {
                int at = random.Chance(0.5) ? 112 : 116;
                float v = Floats[random.NextInt(Floats.Length)];
                return new Mutant(Float(nii, at, v, big), $"{(at == 112 ? "scl_slope" : "scl_inter")} = {v}", true);
            }
            case 5:
            {
                int k = random.NextInt(8);
                float v = Floats[random.NextInt(Floats.Length)];
                return new Mutant(Float(nii, 76 + 4 * k, v, big), $"pixdim[{k}] = {v}", true);
            }
            case 6:
            {
                // the affine: the qform and sform codes, the quaternion and offsets, the sform rows
                int field = random.NextInt(3);
                if (field == 0)
                {
                    int at = random.Chance(0.5) ? 252 : 254;
                    short code = new short[] { 0, 1, 2, 3, 4, 5, -1, 32767 }[random.NextInt(8)];
                    return new Mutant(Int16(nii, at, code, big), $"{(at == 252 ? "qform_code" : "sform_code")} = {code}", true);
                }
                int index = field == 1 ? random.NextInt(6) : 6 + random.NextInt(12);
                float v = Floats[random.NextInt(Floats.Length)];
                return new Mutant(Float(nii, 256 + 4 * index, v, big), $"{(field == 1 ? "quatern/qoffset" : "srow")} float {index} = {v}", true);
            }
            case 7:
            {
                // sizeof_hdr and magic: NIfTI-2, the other byte order, an .hdr/.img pair, garbage
                if (random.Chance(0.5))
                {
                    int v = new[] { 0, 347, 348, 540, 0x5C010000 }[random.NextInt(5)];
                    return new Mutant(ByteMutations.WriteInteger(nii, 0, 4, random.Chance(0.5), v), $"sizeof_hdr = {v}", true);
                }
                string magic = new[] { "ni1\0", "n+2\0", "n+1 ", "\0\0\0\0" }[random.NextInt(4)];
                var m = (byte[])nii.Clone();
                System.Text.Encoding.ASCII.GetBytes(magic, m.AsSpan(344));
                return new Mutant(m, $"magic \"{magic.Replace("\0", "\\0")}\"", true);
            }
            case 8:
            {
                // the voxel data cut short or extended
                if (random.Chance(0.5)) return Wrap(ByteMutations.Truncate(nii, random));
                int extra = new[] { 1, 3, 1000 }[random.NextInt(3)];
                return new Mutant([.. nii, .. new byte[extra]], $"{extra} bytes appended", true);
            }
            default:
                return Wrap(random.Chance(0.5) ? ByteMutations.IntegerAt(nii, random.NextInt(348), random) : ByteMutations.Any(nii, random));
        }
    }

    /// <summary>The gzip layer itself: header flags and fields, the deflate data, the trailer's CRC-32 and length, a
    /// second member, truncation.</summary>
    private static Mutant MutateGzip(byte[] gz, NoiseRandom random)
    {
        switch (random.NextInt(4))
        {
            case 0:
            {
                // FLG (byte 3): FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT and reserved bits
                int flags = new[] { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0xE0, 0x1F }[random.NextInt(8)];
                var b = (byte[])gz.Clone();
                b[3] = (byte)flags;
                return new Mutant(b, $"gzip FLG = {flags:X2}", false);
            }
            case 1:
            {
                // the trailer: CRC-32 or ISIZE
                int at = gz.Length - (random.Chance(0.5) ? 8 : 4);
                return Outer(ByteMutations.IntegerAt(gz, at, random));
            }
            case 2:
                // a second gzip member after the first (what a concatenation of two .gz files gives)
                return new Mutant([.. gz, .. gz], "the gzip member repeated", false);
            default:
                return Outer(ByteMutations.Any(gz, random));
        }
    }

    private static Mutant Wrap((byte[] Bytes, string Description) m) => new(m.Bytes, m.Description, true);

    private static Mutant Outer((byte[] Bytes, string Description) m) => new(m.Bytes, $"gzip bytes: {m.Description}", false);

    private static byte[] Int16(byte[] data, int offset, short value, bool big) => ByteMutations.WriteInteger(data, offset, 2, big, (ushort)value);

    private static byte[] Float(byte[] data, int offset, float value, bool big) =>
        ByteMutations.WriteInteger(data, offset, 4, big, BitConverter.SingleToUInt32Bits(value));

    public static byte[] Gunzip(byte[] gz)
    {
        using var z = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        var o = new MemoryStream();
        z.CopyTo(o);
        return o.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var o = new MemoryStream();
        using (var z = new GZipStream(o, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return o.ToArray();
    }
}
