namespace Remask.Torch.Training;

/// <summary>
/// The eight symmetries of a square (flips and 90-degree rotations) on row-major planes, as used for
/// training augmentation (and by test-time augmentation, which must also undo them).
/// Transform t in 0..7: first a horizontal flip (mirror left-right) when t &gt;= 4, then t mod 4 quarter turns
/// counter-clockwise (as numpy.rot90 with k = t mod 4).
/// </summary>
public static class Dihedral
{
    /// <summary>The number of symmetries: 4 rotations, each with or without the mirror.</summary>
    public const int Count = 8;

    /// <summary>Writes the transformed <paramref name="src"/> (side x side, row-major) to <paramref name="dst"/>.</summary>
    public static void Apply<T>(ReadOnlySpan<T> src, Span<T> dst, int side, int transform)
    {
        Check(src.Length, dst.Length, side, transform);
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
            {
                var (sx, sy) = Source(x, y, side, transform);
                dst[y * side + x] = src[sy * side + sx];
            }
    }

    /// <summary>The transform that undoes <paramref name="transform"/>.</summary>
    public static int Inverse(int transform)
    {
        if (transform is < 0 or >= Count) throw new ArgumentOutOfRangeException(nameof(transform));
        // Rotations invert to the opposite turn; a flip followed by turns is its own inverse.
        return transform < 4 ? (4 - transform) % 4 : transform;
    }

    /// <summary>For destination pixel (x, y), the source pixel it comes from.</summary>
    private static (int x, int y) Source(int x, int y, int side, int transform)
    {
        int n = side - 1;
        // Undo the rotation: rot90 (counter-clockwise) maps source (sx, sy) to destination (sy, n - sx).
        for (int k = 0; k < transform % 4; k++) (x, y) = (n - y, x);
        if (transform >= 4) x = n - x;
        return (x, y);
    }

    private static void Check(int srcLength, int dstLength, int side, int transform)
    {
        if (transform is < 0 or >= Count) throw new ArgumentOutOfRangeException(nameof(transform), "transform 0..7");
        if (srcLength != side * side || dstLength != side * side)
            throw new ArgumentException($"planes must hold {side} x {side} values");
    }
}
