namespace Remask.Core.Synthetic;

/// <summary>
/// Separable Gaussian blur of a planar image (channel after channel, each height x width, row-major): a defocused
/// camera. The kernel reaches 3 sigma either side and is normalised to sum 1; pixels beyond the image edge take the
/// edge pixel's value, so a flat image stays flat.
/// </summary>
internal static class GaussianBlur
{
    /// <summary>
    /// The blurred copy of <paramref name="planes"/> (<paramref name="channels"/> planes of
    /// <paramref name="width"/> x <paramref name="height"/>); <paramref name="sigma"/> in pixels, 0 gives a copy.
    /// </summary>
    public static float[] Apply(ReadOnlySpan<float> planes, int channels, int width, int height, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sigma);
        int plane = width * height;
        if (planes.Length != channels * plane)
            throw new ArgumentException($"expected {channels} x {height} x {width} = {channels * plane} values, got {planes.Length}", nameof(planes));
        var output = planes.ToArray();
        if (sigma == 0) return output;
        float[] kernel = Kernel(sigma);
        int r = kernel.Length / 2;
        var rows = new float[plane];
        for (int c = 0; c < channels; c++)
        {
            Span<float> p = output.AsSpan(c * plane, plane);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    float s = 0;
                    for (int k = -r; k <= r; k++) s += kernel[k + r] * p[y * width + Math.Clamp(x + k, 0, width - 1)];
                    rows[y * width + x] = s;
                }
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    float s = 0;
                    for (int k = -r; k <= r; k++) s += kernel[k + r] * rows[Math.Clamp(y + k, 0, height - 1) * width + x];
                    p[y * width + x] = s;
                }
        }
        return output;
    }

    /// <summary>The normalised 1-D kernel, 2 ceil(3 sigma) + 1 taps.</summary>
    internal static float[] Kernel(double sigma)
    {
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = -r; i <= r; i++) k[i + r] = (float)(Math.Exp(-i * i / (2 * sigma * sigma)) / sum);
        return k;
    }
}
