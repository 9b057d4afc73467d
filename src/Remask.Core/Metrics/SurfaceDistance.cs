using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Metrics;

/// <summary>
/// Boundary distances between two masks, as MONAI's <c>compute_hausdorff_distance</c> defines them. The surface
/// of a mask is its foreground pixels with a 4-neighbour that is background or outside the image (MONAI: the mask
/// XOR its scipy <c>binary_erosion</c>). For each surface pixel of one mask, the Euclidean distance in pixels to
/// the nearest surface pixel of the other is taken; the directed distance is a percentile of these (numpy's
/// linear interpolation), and the symmetric one the larger of the two directions.
/// Two empty masks are at distance 0; an empty mask against a non-empty one is at infinite distance.
/// </summary>
public static class SurfaceDistance
{
    /// <summary>The 95 % Hausdorff distance (HD95), in pixels.</summary>
    public static double Hausdorff95(Mask prediction, Mask reference) => Hausdorff(prediction, reference, 95);

    /// <summary>max(percentile of prediction-to-reference distances, percentile of reference-to-prediction distances).</summary>
    public static double Hausdorff(Mask prediction, Mask reference, double percentile = 100)
    {
        if (!prediction.SameSize(reference))
            throw new ArgumentException($"prediction is {prediction.Width}x{prediction.Height}, reference {reference.Width}x{reference.Height}");
        if (!(percentile is >= 0 and <= 100)) throw new ArgumentOutOfRangeException(nameof(percentile), "percentile must lie in [0, 100]");
        // Work inside the bounding box of both masks, as MONAI does: every surface pixel lies in it, so the
        // distances are the same, and an object touching the box edge there touches background or the image edge.
        var box = Box(prediction, reference);
        if (box is null) return 0;   // both empty
        var (x0, y0, w, h) = box.Value;
        byte[] a = Surface(Crop(prediction, x0, y0, w, h), w, h);
        byte[] b = Surface(Crop(reference, x0, y0, w, h), w, h);
        bool emptyA = a.AsSpan().IndexOf((byte)1) < 0, emptyB = b.AsSpan().IndexOf((byte)1) < 0;
        if (emptyA || emptyB) return double.PositiveInfinity;
        double ab = Percentile(DirectedDistances(a, b, w, h), percentile);
        double ba = Percentile(DirectedDistances(b, a, w, h), percentile);
        return Math.Max(ab, ba);
    }

    private static (int X0, int Y0, int W, int H)? Box(Mask a, Mask b)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        foreach (Mask m in new[] { a, b })
        {
            ReadOnlySpan<byte> p = m.Pixels;
            for (int y = 0; y < m.Height; y++)
            {
                ReadOnlySpan<byte> row = p.Slice(y * m.Width, m.Width);
                int first = row.IndexOf((byte)1);
                if (first < 0) continue;
                int last = row.LastIndexOf((byte)1);
                minX = Math.Min(minX, first);
                maxX = Math.Max(maxX, last);
                minY = Math.Min(minY, y);
                maxY = Math.Max(maxY, y);
            }
        }
        return maxX < 0 ? null : (minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private static byte[] Crop(Mask m, int x0, int y0, int w, int h)
    {
        var crop = new byte[w * h];
        for (int y = 0; y < h; y++) m.Pixels.Slice((y0 + y) * m.Width + x0, w).CopyTo(crop.AsSpan(y * w, w));
        return crop;
    }

    /// <summary>Surface pixels (1) of a mask: foreground with a background or out-of-image 4-neighbour.</summary>
    public static byte[] Surface(ReadOnlySpan<byte> pixels, int width, int height)
    {
        var surface = new byte[pixels.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (pixels[i] == 0) continue;
                bool edge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                    || pixels[i - 1] == 0 || pixels[i + 1] == 0 || pixels[i - width] == 0 || pixels[i + width] == 0;
                if (edge) surface[i] = 1;
            }
        return surface;
    }

    /// <summary>For every surface pixel of <paramref name="from"/>, the distance to the nearest surface pixel of <paramref name="to"/>.</summary>
    public static double[] DirectedDistances(byte[] from, byte[] to, int width, int height)
    {
        var squared = new int[to.Length];
        DistanceTransform.SquaredToNearest(to, width, height, squared);
        var distances = new List<double>();
        for (int i = 0; i < from.Length; i++)
            if (from[i] != 0) distances.Add(Math.Sqrt(squared[i]));
        return distances.ToArray();
    }

    /// <summary>The q-th percentile with linear interpolation between order statistics (numpy's default).</summary>
    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0) throw new ArgumentException("no values");
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double position = q / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(position);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
    }
}
