using Remask.Core.Imaging;

namespace Remask.Core.Noise;

/// <summary>
/// Parameters of <see cref="AffineNoise"/>: the shift is uniform in +-<see cref="MaxShiftFraction"/> of the image
/// width (x) and height (y); the scale factor uniform in 1 +- <see cref="MaxScaleChange"/>; the rotation uniform
/// in +-<see cref="MaxRotationDegrees"/>.
/// </summary>
public sealed record AffineNoiseOptions(double MaxShiftFraction = 0.03, double MaxScaleChange = 0.08, double MaxRotationDegrees = 8)
{
    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: a negative shift or rotation, or a scale
    /// change outside [0, 1).
    /// </summary>
    public void Validate()
    {
        if (!(MaxShiftFraction >= 0) || !(MaxScaleChange >= 0) || !(MaxScaleChange < 1) || !(MaxRotationDegrees >= 0))
            throw new RemaskUsageException("affine noise needs shift >= 0, 0 <= scale change < 1 and rotation >= 0");
    }
}

/// <summary>
/// A misregistered annotation: the whole mask is moved by one random small similarity transform (shift, scale
/// and rotation about the foreground centroid), resampled by nearest neighbour. Foreground moved off the image is lost.
/// </summary>
public sealed class AffineNoise : ILabelNoise
{
    private readonly AffineNoiseOptions _options;

    /// <param name="options">The ranges of shift, scale and rotation; validated here.</param>
    public AffineNoise(AffineNoiseOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc/>
    public string Name => "affine";

    /// <inheritdoc/>
    public Mask Apply(Mask clean, ulong seed)
    {
        int w = clean.Width, h = clean.Height;
        ReadOnlySpan<byte> src = clean.Pixels;
        double sx = 0, sy = 0;
        long n = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (src[y * w + x] != 0) { sx += x; sy += y; n++; }
        if (n == 0) return clean;
        double cx = sx / n, cy = sy / n;

        var random = new NoiseRandom(seed);
        double tx = random.Uniform(-1, 1) * _options.MaxShiftFraction * w;
        double ty = random.Uniform(-1, 1) * _options.MaxShiftFraction * h;
        double scale = 1 + random.Uniform(-1, 1) * _options.MaxScaleChange;
        double angle = random.Uniform(-1, 1) * _options.MaxRotationDegrees * Math.PI / 180;

        // Output pixel q comes from source p = c + R(-angle) (q - c - t) / scale.
        double cos = Math.Cos(angle) / scale, sin = Math.Sin(angle) / scale;
        var output = new byte[clean.Length];
        for (int y = 0; y < h; y++)
        {
            double qy = y - cy - ty;
            for (int x = 0; x < w; x++)
            {
                double qx = x - cx - tx;
                int px = (int)Math.Round(cx + cos * qx + sin * qy);
                int py = (int)Math.Round(cy - sin * qx + cos * qy);
                if ((uint)px < (uint)w && (uint)py < (uint)h && src[py * w + px] != 0) output[y * w + x] = 1;
            }
        }
        return new Mask(w, h, output);
    }
}
