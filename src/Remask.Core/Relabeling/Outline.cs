using System.Numerics;

namespace Remask.Core.Relabeling;

/// <summary>
/// The outline of a label map: the pixels that have a 4-neighbour (left, right, up, down) with the other label,
/// on both sides of the boundary, so that a one-pixel object is its own outline. The image border is not
/// an outline (outside the image counts as the same label). Shape: width x height, row-major, 0/1.
/// </summary>
public static class Outline
{
    /// <summary>The outline of <paramref name="label"/> (non-zero = foreground) as 0/1 bytes.</summary>
    public static byte[] Of(ReadOnlySpan<byte> label, int width, int height)
    {
        RelabelInput.CheckLength(label.Length, width, height, "label");
        byte[] pooled = System.Buffers.ArrayPool<byte>.Shared.Rent(label.Length);
        Span<byte> bits = pooled.AsSpan(0, label.Length);
        Morphology.PixelOps.Binarize(label, bits);
        var outline = new byte[label.Length];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = bits.Slice(y * width, width);
            Span<byte> o = outline.AsSpan(y * width, width);
            if (width > 1)
            {
                // Left-right pairs (x, x + 1) that differ mark both pixels.
                OrXor(o[..^1], row[..^1], row[1..]);
                OrXor(o[1..], row[..^1], row[1..]);
            }
            if (y > 0)
            {
                // Up-down pairs that differ mark both rows.
                ReadOnlySpan<byte> above = bits.Slice((y - 1) * width, width);
                OrXor(o, row, above);
                OrXor(outline.AsSpan((y - 1) * width, width), row, above);
            }
        }
        System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
        return outline;
    }

    /// <summary>Number of non-zero entries.</summary>
    internal static int Count(ReadOnlySpan<byte> map) => map.Length - map.Count((byte)0);

    /// <summary>dst[i] |= a[i] ^ b[i].</summary>
    internal static void OrXor(Span<byte> dst, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= dst.Length - Vector<byte>.Count; i += Vector<byte>.Count)
                (new Vector<byte>(dst[i..]) | (new Vector<byte>(a[i..]) ^ new Vector<byte>(b[i..]))).CopyTo(dst[i..]);
        for (; i < dst.Length; i++) dst[i] |= (byte)(a[i] ^ b[i]);
    }
}
