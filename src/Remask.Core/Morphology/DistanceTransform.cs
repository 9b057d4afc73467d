namespace Remask.Core.Morphology;

/// <summary>
/// Exact Euclidean distance transform (Felzenszwalb and Huttenlocher, 2012): for every pixel, the squared
/// distance in pixels to the nearest feature pixel. Squared distances are integers, so the result is exact.
/// </summary>
public static class DistanceTransform
{
    /// <summary>Marks "no feature pixel anywhere" in the output.</summary>
    public const int Infinite = int.MaxValue;

    /// <summary>
    /// Squared distance from each pixel to the nearest non-zero pixel of <paramref name="features"/>
    /// (0 on feature pixels, <see cref="Infinite"/> everywhere when there is no feature pixel).
    /// Pixels outside the image are never features.
    /// </summary>
    public static void SquaredToNearest(ReadOnlySpan<byte> features, int width, int height, Span<int> output)
    {
        ConnectedComponents.CheckSize(features.Length, width, height);
        if (output.Length != features.Length) throw new ArgumentException("output size differs from the input");
        // Pass 1, columns: distance to the nearest feature in the same column, swept down then up a whole row
        // at a time (contiguous, vectorised). height marks "no feature in this column".
        ColumnDistances(features, width, height, output);
        // Pass 2, rows: lower envelope of the parabolas (q - v)^2 + f(v).
        var f = new int[width];
        var v = new int[width];
        var z = new double[width + 1];
        for (int y = 0; y < height; y++)
        {
            Span<int> row = output.Slice(y * width, width);
            row.CopyTo(f);
            Envelope(f, v, z, row);
        }
    }

    private static void ColumnDistances(ReadOnlySpan<byte> features, int width, int height, Span<int> d)
    {
        int none = height;
        Span<int> row0 = d[..width];
        for (int x = 0; x < width; x++) row0[x] = features[x] != 0 ? 0 : none;
        for (int y = 1; y < height; y++)
        {
            ReadOnlySpan<int> above = d.Slice((y - 1) * width, width);
            Span<int> row = d.Slice(y * width, width);
            ReadOnlySpan<byte> f = features.Slice(y * width, width);
            for (int x = 0; x < width; x++) row[x] = f[x] != 0 ? 0 : Math.Min(above[x] + 1, none);
        }
        for (int y = height - 2; y >= 0; y--)
        {
            ReadOnlySpan<int> below = d.Slice((y + 1) * width, width);
            Span<int> row = d.Slice(y * width, width);
            for (int x = 0; x < width; x++) row[x] = Math.Min(row[x], below[x] + 1);
        }
        // Squared, with "none" (it can only survive where a whole column has no feature) as Infinite.
        for (int i = 0; i < d.Length; i++) d[i] = d[i] >= none ? Infinite : d[i] * d[i];
    }

    /// <summary>The 1-D squared distance transform of sampled function <paramref name="f"/> (entries may be <see cref="Infinite"/>).</summary>
    private static void Envelope(int[] f, int[] v, double[] z, Span<int> output)
    {
        int n = f.Length;
        int k = -1;
        for (int q = 0; q < n; q++)
        {
            if (f[q] == Infinite) continue;
            if (k < 0)
            {
                k = 0;
                v[0] = q;
                z[0] = double.NegativeInfinity;
                z[1] = double.PositiveInfinity;
                continue;
            }
            double s = Intersection(f, v[k], q);
            while (s <= z[k])
            {
                k--;
                s = Intersection(f, v[k], q);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }
        if (k < 0)
        {
            output.Fill(Infinite);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++)
        {
            while (z[j + 1] < q) j++;
            long d = (long)(q - v[j]) * (q - v[j]) + f[v[j]];
            output[q] = d >= Infinite ? Infinite - 1 : (int)d;
        }
    }

    private static double Intersection(int[] f, int p, int q) =>
        ((f[q] + (double)q * q) - (f[p] + (double)p * p)) / (2.0 * (q - p));
}
