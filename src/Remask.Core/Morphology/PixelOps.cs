using System.Numerics;

namespace Remask.Core.Morphology;

/// <summary>Vectorised whole-array byte operations used by the pixel loops.</summary>
internal static class PixelOps
{
    /// <summary>dst[i] = src[i] != 0 ? 1 : 0.</summary>
    public static void Binarize(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<byte>.One;
            for (; i <= src.Length - Vector<byte>.Count; i += Vector<byte>.Count)
                Vector.Min(new Vector<byte>(src[i..]), one).CopyTo(dst[i..]);
        }
        for (; i < src.Length; i++) dst[i] = src[i] != 0 ? (byte)1 : (byte)0;
    }

    /// <summary>values[i] = values[i] == marker ? 0 : 1.</summary>
    public static void OneUnlessMarker(Span<byte> values, byte marker)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<byte>.One;
            var m = new Vector<byte>(marker);
            for (; i <= values.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var isMarker = Vector.Equals(new Vector<byte>(values[i..]), m);   // 0xFF where equal
                (one - (isMarker & one)).CopyTo(values[i..]);
            }
        }
        for (; i < values.Length; i++) values[i] = values[i] == marker ? (byte)0 : (byte)1;
    }
}
