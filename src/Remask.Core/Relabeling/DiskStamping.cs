namespace Remask.Core.Relabeling;

/// <summary>
/// Disk dilation, erosion and opening (the digital disk dx² + dy² ≤ r², as <see cref="Morphology.DiskMorphology"/>,
/// with the same border rule: outside the image is background for dilation and foreground for erosion) computed by
/// stamping the disk only around boundary pixels, so the cost grows with the outline length times r, not with the
/// image area. Exact, because the nearest pixel of a set S to a pixel outside S always has a 4-neighbour outside S
/// (a step from it toward the outside pixel gets closer), so dilate(S) = S ∪ dilate(boundary of S); and
/// erode(S) = S \ dilate(the non-S pixels with a 4-neighbour in S).
/// Maps are 0/1 bytes, width x height, row-major.
/// </summary>
internal static class DiskStamping
{
    /// <summary>0/1 map of the pixels within Euclidean distance <paramref name="radius"/> of a non-zero pixel of <paramref name="set"/>.</summary>
    public static byte[] Dilate(ReadOnlySpan<byte> set, int width, int height, int radius)
    {
        var output = new byte[set.Length];
        Morphology.PixelOps.Binarize(set, output);
        if (radius > 0) StampAround(set, width, height, radius, inside: true, output, value: 1);
        return output;
    }

    /// <summary>Opening (erosion then dilation) of the 0/1 map <paramref name="set"/> with a disk of radius r, in place.</summary>
    public static void OpenInPlace(Span<byte> set, int width, int height, int radius)
    {
        if (radius == 0) return;
        // Erosion: clear every set pixel within r of a non-set pixel that touches the set.
        byte[] pooled = System.Buffers.ArrayPool<byte>.Shared.Rent(set.Length);
        Span<byte> eroded = pooled.AsSpan(0, set.Length);
        set.CopyTo(eroded);
        StampAround(set, width, height, radius, inside: false, eroded, value: 0);
        // Dilation of the eroded set.
        eroded.CopyTo(set);
        StampAround(eroded, width, height, radius, inside: true, set, value: 1);
        System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
    }

    /// <summary>
    /// Writes <paramref name="value"/> into <paramref name="output"/> over the disk of radius r around every boundary
    /// pixel: with <paramref name="inside"/>, set pixels with a 4-neighbour outside the set (image border excluded);
    /// otherwise non-set pixels with a 4-neighbour in the set.
    /// </summary>
    private static void StampAround(ReadOnlySpan<byte> set, int width, int height, int radius, bool inside, Span<byte> output, byte value)
    {
        Span<int> half = stackalloc int[2 * radius + 1];
        for (int dy = -radius; dy <= radius; dy++) half[dy + radius] = (int)Math.Floor(Math.Sqrt((double)radius * radius - dy * dy) + 1e-9);
        byte own = inside ? (byte)1 : (byte)0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = set.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                if ((row[x] != 0 ? (byte)1 : (byte)0) != own) continue;
                if (!Touches(set, width, height, x, y, own)) continue;
                for (int dy = -radius; dy <= radius; dy++)
                {
                    int yy = y + dy;
                    if ((uint)yy >= (uint)height) continue;
                    int h = half[dy + radius];
                    int x0 = Math.Max(0, x - h), x1 = Math.Min(width - 1, x + h);
                    output.Slice(yy * width + x0, x1 - x0 + 1).Fill(value);
                }
            }
        }
    }

    /// <summary>True when a 4-neighbour inside the image has the other membership than <paramref name="own"/>.</summary>
    private static bool Touches(ReadOnlySpan<byte> set, int width, int height, int x, int y, byte own)
    {
        int i = y * width + x;
        return (x > 0 && Differs(set[i - 1], own)) || (x < width - 1 && Differs(set[i + 1], own)) ||
               (y > 0 && Differs(set[i - width], own)) || (y < height - 1 && Differs(set[i + width], own));
    }

    private static bool Differs(byte v, byte own) => (v != 0 ? 1 : 0) != own;
}
