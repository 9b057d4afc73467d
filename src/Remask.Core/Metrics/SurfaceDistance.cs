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
        byte[] a = Surface(prediction.Pixels, prediction.Width, prediction.Height);
        byte[] b = Surface(reference.Pixels, reference.Width, reference.Height);
        bool emptyA = Array.IndexOf(a, (byte)1) < 0, emptyB = Array.IndexOf(b, (byte)1) < 0;
        if (emptyA && emptyB) return 0;
        if (emptyA || emptyB) return double.PositiveInfinity;
        double ab = Percentile(DirectedDistances(a, b, prediction.Width, prediction.Height), percentile);
        double ba = Percentile(DirectedDistances(b, a, prediction.Width, prediction.Height), percentile);
        return Math.Max(ab, ba);
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
