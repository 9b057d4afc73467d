namespace Remask.Core.Imaging;

/// <summary>How far two rasters of one shape are apart, sample by sample: the largest and the mean of |a_i - b_i|
/// (in sample units, e.g. 0-255 levels for 8-bit). Compares decoders (tests, the JPEG bench).</summary>
public static class RasterDifference
{
    /// <exception cref="ArgumentException">the rasters differ in width, height or channels.</exception>
    public static (int Max, double Mean) Of(Raster a, Raster b)
    {
        if ((a.Width, a.Height, a.Channels) != (b.Width, b.Height, b.Channels))
            throw new ArgumentException($"rasters of different shapes: {a.Width}x{a.Height}x{a.Channels} and {b.Width}x{b.Height}x{b.Channels}");
        int max = 0;
        long sum = 0;
        for (int i = 0; i < a.Samples.Length; i++)
        {
            int d = Math.Abs(a.Samples[i] - b.Samples[i]);
            max = Math.Max(max, d);
            sum += d;
        }
        return (max, (double)sum / a.Samples.Length);
    }
}
