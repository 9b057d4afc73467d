using Remask.Core.Imaging;

namespace Remask.Core.Relabeling;

/// <summary>
/// A Gaussian over an image's C channels fitted to a set of its pixels (maximum likelihood: the mean and the covariance
/// divided by n), with εI added to the covariance:
/// <code>
///   ln N(x) = −½ ( (x − μ)ᵀ Σ⁻¹ (x − μ) + ln det Σ )         (the −C/2 ln 2π both classes share is left out)
/// </code>
/// Σ⁻¹ comes from a Cholesky factor Σ = L Lᵀ. C is 1 to 4 for the images Remask reads, so this is a few lines of code
/// rather than a linear-algebra package.
/// </summary>
internal sealed class ColourModel
{
    private readonly double[] _mean;
    private readonly double[] _cholesky;   // L, row-major C x C, lower triangle
    private readonly double _logDeterminant;
    private readonly double[] _scratch;

    private ColourModel(double[] mean, double[] cholesky, double logDeterminant)
    {
        _mean = mean;
        _cholesky = cholesky;
        _logDeterminant = logDeterminant;
        _scratch = new double[mean.Length];
    }

    /// <summary>The Gaussian of the pixels where <paramref name="sample"/> is non-zero, or null when they are fewer than
    /// <paramref name="minPixels"/>.</summary>
    public static ColourModel? Fit(Image image, ReadOnlySpan<byte> sample, double ridge, int minPixels)
    {
        int c = image.Channels, plane = image.Width * image.Height;
        var mean = new double[c];
        Span<double> pixel = stackalloc double[c];
        long count = 0;
        for (int i = 0; i < plane; i++)
        {
            if (sample[i] == 0) continue;
            count++;
            image.ReadPixel(i, pixel);
            for (int a = 0; a < c; a++) mean[a] += pixel[a];
        }
        if (count < Math.Max(1, minPixels)) return null;
        for (int a = 0; a < c; a++) mean[a] /= count;
        var covariance = new double[c * c];
        for (int i = 0; i < plane; i++)
        {
            if (sample[i] == 0) continue;
            image.ReadPixel(i, pixel);
            for (int a = 0; a < c; a++)
            {
                double da = pixel[a] - mean[a];
                for (int b = 0; b <= a; b++) covariance[a * c + b] += da * (pixel[b] - mean[b]);
            }
        }
        for (int a = 0; a < c; a++)
        {
            for (int b = 0; b <= a; b++) covariance[a * c + b] /= count;
            covariance[a * c + a] += ridge;
        }
        // Cholesky of the lower triangle, in place: Σ + εI is positive definite for ε > 0.
        double logDeterminant = 0;
        for (int a = 0; a < c; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                double s = covariance[a * c + b];
                for (int k = 0; k < b; k++) s -= covariance[a * c + k] * covariance[b * c + k];
                if (a == b)
                {
                    double d = Math.Sqrt(Math.Max(s, ridge));
                    covariance[a * c + a] = d;
                    logDeterminant += 2 * Math.Log(d);
                }
                else covariance[a * c + b] = s / covariance[b * c + b];
            }
            for (int b = a + 1; b < c; b++) covariance[a * c + b] = 0;
        }
        return new ColourModel(mean, covariance, logDeterminant);
    }

    /// <summary>ln N(x) without the shared constant; <paramref name="pixel"/> has one value per channel.</summary>
    public double LogDensity(ReadOnlySpan<double> pixel)
    {
        int c = _mean.Length;
        // Solve L w = x − μ; then (x − μ)ᵀ Σ⁻¹ (x − μ) = ‖w‖².
        double squared = 0;
        for (int a = 0; a < c; a++)
        {
            double s = pixel[a] - _mean[a];
            for (int k = 0; k < a; k++) s -= _cholesky[a * c + k] * _scratch[k];
            double w = s / _cholesky[a * c + a];
            _scratch[a] = w;
            squared += w * w;
        }
        return -0.5 * (squared + _logDeterminant);
    }
}
