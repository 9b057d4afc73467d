using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Remask.Core.Formats;

/// <summary>
/// Converts voxel bytes as stored on disk to float values (scaled) and back, a block at a time, on spans:
/// the raw bytes are reinterpreted in place (MemoryMarshal.Cast), byte-swapped when the file's byte order
/// differs from the machine's, then widened to float.
/// </summary>
internal static class NiftiVoxelCodec
{
    /// <summary>
    /// Decodes <paramref name="raw"/> (whole voxels; swapped in place when <paramref name="swap"/>) into
    /// <paramref name="dest"/>: value = stored * slope + inter, computed in double and rounded once to float,
    /// or the stored value itself when <paramref name="scaled"/> is false.
    /// </summary>
    public static void Decode(Span<byte> raw, NiftiDatatype datatype, bool swap, bool scaled, double slope, double inter, Span<float> dest)
    {
        switch (datatype)
        {
            case NiftiDatatype.UInt8:
                Widen<byte>(raw, scaled, slope, inter, dest);
                break;
            case NiftiDatatype.Int8:
                Widen(MemoryMarshal.Cast<byte, sbyte>(raw), scaled, slope, inter, dest);
                break;
            case NiftiDatatype.Int16:
            {
                var s = MemoryMarshal.Cast<byte, short>(raw);
                if (swap) BinaryPrimitives.ReverseEndianness(s, s);
                Widen<short>(s, scaled, slope, inter, dest);
                break;
            }
            case NiftiDatatype.UInt16:
            {
                var s = MemoryMarshal.Cast<byte, ushort>(raw);
                if (swap) BinaryPrimitives.ReverseEndianness(s, s);
                Widen<ushort>(s, scaled, slope, inter, dest);
                break;
            }
            case NiftiDatatype.Int32:
            {
                var s = MemoryMarshal.Cast<byte, int>(raw);
                if (swap) BinaryPrimitives.ReverseEndianness(s, s);
                Widen<int>(s, scaled, slope, inter, dest);
                break;
            }
            case NiftiDatatype.Float32:
            {
                if (swap) { var s = MemoryMarshal.Cast<byte, int>(raw); BinaryPrimitives.ReverseEndianness(s, s); }
                var f = MemoryMarshal.Cast<byte, float>(raw);
                if (scaled) Widen<float>(f, scaled, slope, inter, dest);
                else f.CopyTo(dest);
                break;
            }
            case NiftiDatatype.Float64:
            {
                if (swap) { var s = MemoryMarshal.Cast<byte, long>(raw); BinaryPrimitives.ReverseEndianness(s, s); }
                Widen<double>(MemoryMarshal.Cast<byte, double>(raw), scaled, slope, inter, dest);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "not a supported NIfTI datatype");
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> src, bool scaled, double slope, double inter, Span<float> dest)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        dest = dest[..src.Length];
        if (scaled)
        {
            for (int i = 0; i < src.Length; i++) dest[i] = (float)(double.CreateTruncating(src[i]) * slope + inter);
        }
        else
        {
            for (int i = 0; i < src.Length; i++) dest[i] = float.CreateTruncating(src[i]);
        }
    }

    /// <summary>
    /// Encodes <paramref name="values"/> little-endian into <paramref name="dest"/> as
    /// stored = (value - inter) / slope, rounded to the nearest integer for integer datatypes.
    /// Returns -1, or the index of the first value that would not read back as exactly the same float
    /// (not finite, out of the datatype's range, or not on the slope's grid).
    /// </summary>
    public static int Encode(ReadOnlySpan<float> values, NiftiDatatype datatype, double slope, double inter, Span<byte> dest)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the NIfTI writer needs a little-endian machine");
        switch (datatype)
        {
            case NiftiDatatype.Float32:
                values.CopyTo(MemoryMarshal.Cast<byte, float>(dest));
                return -1;
            case NiftiDatatype.Float64:
            {
                var d = MemoryMarshal.Cast<byte, double>(dest);
                for (int i = 0; i < values.Length; i++) d[i] = values[i];
                return -1;
            }
            case NiftiDatatype.UInt8: return Narrow<byte>(values, slope, inter, dest);
            case NiftiDatatype.Int8: return Narrow(values, slope, inter, MemoryMarshal.Cast<byte, sbyte>(dest));
            case NiftiDatatype.Int16: return Narrow(values, slope, inter, MemoryMarshal.Cast<byte, short>(dest));
            case NiftiDatatype.UInt16: return Narrow(values, slope, inter, MemoryMarshal.Cast<byte, ushort>(dest));
            case NiftiDatatype.Int32: return Narrow(values, slope, inter, MemoryMarshal.Cast<byte, int>(dest));
            default:
                throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "not a supported NIfTI datatype");
        }
    }

    private static int Narrow<T>(ReadOnlySpan<float> values, double slope, double inter, Span<T> dest)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        double min = double.CreateTruncating(T.MinValue), max = double.CreateTruncating(T.MaxValue);
        bool plain = slope == 1 && inter == 0;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            double stored = Math.Round(plain ? v : (v - inter) / slope);
            if (!(stored >= min && stored <= max)) return i; // also catches NaN
            float back = plain ? (float)stored : (float)(stored * slope + inter);
            if (back != v) return i;
            dest[i] = T.CreateTruncating(stored);
        }
        return -1;
    }
}
