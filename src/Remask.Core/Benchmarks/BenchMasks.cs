using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Benchmarks;

/// <summary>
/// The masks and maps that the speed measurements of masks run on (<c>remask bench</c>, <c>bench/Remask.Bench</c>):
/// drawn, not read, so that every machine measures the same pixels.
/// </summary>
internal static class BenchMasks
{
    /// <summary>The side of the reference masks of BENCHMARK.md section 6.</summary>
    public const int ReferenceSize = 512;

    /// <summary>
    /// Two related square masks like a lesion or organ dataset at full resolution: a large irregular blob with a
    /// hole, two mid-sized ones (one cut by the image edge) and a small one; the second mask is the first one moved
    /// and grown a little, as a prediction would be. The shapes are drawn on a 512 x 512 frame and scaled to
    /// <paramref name="size"/> (at 512 the pixels are exactly the reference ones).
    /// </summary>
    /// <param name="size">Side in pixels, at least 16.</param>
    /// <returns>[clean, prediction-like]</returns>
    public static Mask[] Blobs(int size = ReferenceSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 16);
        double scale = (double)ReferenceSize / size;
        static bool Inside(double x, double y, double shift)
        {
            x -= shift;
            double a = Math.Atan2(y - 230, x - 220);
            double r = 150 + 18 * Math.Sin(5 * a) + 9 * Math.Cos(3 * a + 1);
            double d = Math.Sqrt((x - 220) * (x - 220) + (y - 230) * (y - 230));
            bool blob = d <= r && !((x - 250) * (x - 250) + (y - 210) * (y - 210) <= 30 * 30);
            bool edge = (x - 480) * (x - 480) / (70.0 * 70) + (y - 80) * (y - 80) / (45.0 * 45) <= 1;
            bool mid = (x - 420) * (x - 420) + (y - 420) * (y - 420) <= 50 * 50;
            bool small = (x - 60) * (x - 60) + (y - 470) * (y - 470) <= 12 * 12;
            return blob || edge || mid || small;
        }
        var clean = Mask.FromFunction(size, size, (x, y) => Inside(x * scale, y * scale, 0));
        var other = DiskMorphology.Dilate(Mask.FromFunction(size, size, (x, y) => Inside(x * scale, y * scale, 4)), Math.Max(1, (int)Math.Round(2 / scale)));
        return [clean, other];
    }

    /// <summary>
    /// Maps that imitate a trained model's on <paramref name="clean"/>: p = sigmoid(signed distance to the clean
    /// outline / 3 px), positive inside; U = p (1 − p) (aleatoric).
    /// </summary>
    /// <returns>The mean probability P and the uncertainty U, row-major like the mask.</returns>
    public static (float[] P, float[] U) SoftMaps(Mask clean)
    {
        int n = clean.Length;
        var inside = new int[n];
        var outside = new int[n];
        var background = new byte[n];
        for (int i = 0; i < n; i++) background[i] = (byte)(1 - clean.Pixels[i]);
        DistanceTransform.SquaredToNearest(clean.Pixels, clean.Width, clean.Height, outside);   // distance to the object
        DistanceTransform.SquaredToNearest(background, clean.Width, clean.Height, inside);      // distance to the background
        var p = new float[n];
        var u = new float[n];
        for (int i = 0; i < n; i++)
        {
            double d = clean.Pixels[i] != 0 ? Math.Sqrt(inside[i]) - 0.5 : 0.5 - Math.Sqrt(outside[i]);
            p[i] = (float)(1 / (1 + Math.Exp(-d / 3)));
            u[i] = p[i] * (1 - p[i]);
        }
        return (p, u);
    }
}
