using System.Buffers.Binary;
using System.Numerics;
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
        if (slope == 1 && inter == 0) scaled = false; // the same values, on the faster path
        switch (datatype)
        {
            case NiftiDatatype.UInt8:
                Widen((ReadOnlySpan<byte>)raw, scaled, slope, inter, dest);
                break;
            case NiftiDatatype.Int8:
                Widen((ReadOnlySpan<sbyte>)MemoryMarshal.Cast<byte, sbyte>(raw), scaled, slope, inter, dest);
                break;
            case NiftiDatatype.Int16:
            {
                var s = MemoryMarshal.Cast<byte, short>(raw);
                if (swap) BinaryPrimitives.ReverseEndianness(s, s);
                Widen((ReadOnlySpan<short>)s, scaled, slope, inter, dest);
                break;
            }
            case NiftiDatatype.UInt16:
            {
                var s = MemoryMarshal.Cast<byte, ushort>(raw);
                if (swap) BinaryPrimitives.ReverseEndianness(s, s);
                Widen((ReadOnlySpan<ushort>)s, scaled, slope, inter, dest);
                break;
            }
            case NiftiDatatype.Int32:
            {
                var s = MemoryMarshal.Cast<byte, int>(raw);
                if (swap) BinaryPrimitives.ReverseEndianness(s, s);
                Widen((ReadOnlySpan<int>)s, scaled, slope, inter, dest);
                break;
            }
            case NiftiDatatype.Float32:
            {
                if (swap) { var s = MemoryMarshal.Cast<byte, int>(raw); BinaryPrimitives.ReverseEndianness(s, s); }
                Widen((ReadOnlySpan<float>)MemoryMarshal.Cast<byte, float>(raw), scaled, slope, inter, dest);
                break;
            }
            case NiftiDatatype.Float64:
            {
                if (swap) { var s = MemoryMarshal.Cast<byte, long>(raw); BinaryPrimitives.ReverseEndianness(s, s); }
                Widen((ReadOnlySpan<double>)MemoryMarshal.Cast<byte, double>(raw), scaled, slope, inter, dest);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "not a supported NIfTI datatype");
        }
    }

    // One loop per stored type (not generic math), so that each is a tight, JIT-friendly loop.
    private static void Widen(ReadOnlySpan<byte> src, bool scaled, double slope, double inter, Span<float> dest)
    {
        dest = dest[..src.Length];
        if (scaled)
        {
            for (int i = 0; i < src.Length; i++) dest[i] = (float)(src[i] * slope + inter);
            return;
        }
        // SIMD: bytes -> ushort -> uint -> float, Vector<byte>.Count values per step.
        var vs = MemoryMarshal.Cast<byte, Vector<byte>>(src);
        var vd = MemoryMarshal.Cast<float, Vector<float>>(dest);
        for (int v = 0; v < vs.Length; v++)
        {
            Vector.Widen(vs[v], out Vector<ushort> lo, out Vector<ushort> hi);
            Vector.Widen(lo, out Vector<uint> a, out Vector<uint> b);
            Vector.Widen(hi, out Vector<uint> c, out Vector<uint> d);
            vd[4 * v] = Vector.ConvertToSingle(Vector.AsVectorInt32(a));
            vd[4 * v + 1] = Vector.ConvertToSingle(Vector.AsVectorInt32(b));
            vd[4 * v + 2] = Vector.ConvertToSingle(Vector.AsVectorInt32(c));
            vd[4 * v + 3] = Vector.ConvertToSingle(Vector.AsVectorInt32(d));
        }
        for (int i = vs.Length * Vector<byte>.Count; i < src.Length; i++) dest[i] = src[i];
    }

    private static void Widen(ReadOnlySpan<sbyte> src, bool scaled, double slope, double inter, Span<float> dest)
    {
        dest = dest[..src.Length];
        if (scaled) for (int i = 0; i < src.Length; i++) dest[i] = (float)(src[i] * slope + inter);
        else for (int i = 0; i < src.Length; i++) dest[i] = src[i];
    }

    private static void Widen(ReadOnlySpan<short> src, bool scaled, double slope, double inter, Span<float> dest)
    {
        dest = dest[..src.Length];
        if (scaled)
        {
            for (int i = 0; i < src.Length; i++) dest[i] = (float)(src[i] * slope + inter);
            return;
        }
        // SIMD: short -> int -> float, Vector<short>.Count values per step (CT data is int16).
        var vs = MemoryMarshal.Cast<short, Vector<short>>(src);
        var vd = MemoryMarshal.Cast<float, Vector<float>>(dest);
        for (int v = 0; v < vs.Length; v++)
        {
            Vector.Widen(vs[v], out Vector<int> lo, out Vector<int> hi);
            vd[2 * v] = Vector.ConvertToSingle(lo);
            vd[2 * v + 1] = Vector.ConvertToSingle(hi);
        }
        for (int i = vs.Length * Vector<short>.Count; i < src.Length; i++) dest[i] = src[i];
    }

    private static void Widen(ReadOnlySpan<ushort> src, bool scaled, double slope, double inter, Span<float> dest)
    {
        dest = dest[..src.Length];
        if (scaled) for (int i = 0; i < src.Length; i++) dest[i] = (float)(src[i] * slope + inter);
        else for (int i = 0; i < src.Length; i++) dest[i] = src[i];
    }

    private static void Widen(ReadOnlySpan<int> src, bool scaled, double slope, double inter, Span<float> dest)
    {
        dest = dest[..src.Length];
        if (scaled) for (int i = 0; i < src.Length; i++) dest[i] = (float)(src[i] * slope + inter);
        else for (int i = 0; i < src.Length; i++) dest[i] = src[i];
    }

    private static void Widen(ReadOnlySpan<float> src, bool scaled, double slope, double inter, Span<float> dest)
    {
        dest = dest[..src.Length];
        if (scaled) for (int i = 0; i < src.Length; i++) dest[i] = (float)(src[i] * slope + inter);
        else src.CopyTo(dest);
    }

    private static void Widen(ReadOnlySpan<double> src, bool scaled, double slope, double inter, Span<float> dest)
    {
        dest = dest[..src.Length];
        if (scaled) for (int i = 0; i < src.Length; i++) dest[i] = (float)(src[i] * slope + inter);
        else for (int i = 0; i < src.Length; i++) dest[i] = (float)src[i];
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
