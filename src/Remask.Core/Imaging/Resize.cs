namespace Remask.Core.Imaging;

/// <summary>
/// Resizing to the training size. Images bilinearly, masks by nearest neighbour; both sample at pixel centres
/// (source coordinate = (destination + 0.5) * scale - 0.5, as torch's interpolate with align_corners=False and
/// OpenCV's resize do), so that a mask and its image stay aligned.
/// </summary>
public static class Resize
{
    /// <summary>
    /// <paramref name="image"/> resized to <paramref name="width"/> x <paramref name="height"/> by bilinear
    /// interpolation of each channel, sampled at pixel centres; the image itself when it already has that size.
    /// </summary>
    public static Image Bilinear(Image image, int width, int height)
    {
        if (image.Width == width && image.Height == height) return image;
        CheckSize(width, height);
        int plane = width * height;
        var data = new float[plane * image.Channels];
        var (x0, x1, fx) = Weights(image.Width, width);
        var (y0, y1, fy) = Weights(image.Height, height);
        ReadOnlySpan<float> src = image.Data;
        int srcPlane = image.Width * image.Height;
        for (int c = 0; c < image.Channels; c++)
        {
            var s = src.Slice(c * srcPlane, srcPlane);
            int o = c * plane;
            for (int y = 0; y < height; y++)
            {
                int r0 = y0[y] * image.Width, r1 = y1[y] * image.Width;
                float wy = fy[y];
                for (int x = 0; x < width; x++)
                {
                    float top = s[r0 + x0[x]] + (s[r0 + x1[x]] - s[r0 + x0[x]]) * fx[x];
                    float bottom = s[r1 + x0[x]] + (s[r1 + x1[x]] - s[r1 + x0[x]]) * fx[x];
                    data[o + y * width + x] = top + (bottom - top) * wy;
                }
            }
        }
        return new Image(width, height, image.Channels, data);
    }

    /// <summary>
    /// <paramref name="mask"/> resized to <paramref name="width"/> x <paramref name="height"/> by nearest neighbour:
    /// each pixel takes the source pixel that holds its centre; the mask itself when it already has that size.
    /// </summary>
    public static Mask Nearest(Mask mask, int width, int height)
    {
        if (mask.Width == width && mask.Height == height) return mask;
        CheckSize(width, height);
        var xs = NearestIndex(mask.Width, width);
        var ys = NearestIndex(mask.Height, height);
        var data = new byte[width * height];
        ReadOnlySpan<byte> p = mask.Pixels;
        for (int y = 0; y < height; y++)
        {
            int row = ys[y] * mask.Width;
            for (int x = 0; x < width; x++) data[y * width + x] = p[row + xs[x]];
        }
        return new Mask(width, height, data);
    }

    /// <summary>
    /// Source index of each destination index: the source pixel whose area [k, k + 1) holds the destination
    /// pixel's centre (i + 0.5) * source / destination. Computed in integers, so that a centre falling exactly on
    /// a pixel border always goes to the pixel on its right (floating point put some of those on the left).
    /// </summary>
    internal static int[] NearestIndex(int source, int destination)
    {
        var idx = new int[destination];
        for (int i = 0; i < destination; i++)
            idx[i] = (int)Math.Min(source - 1, (2L * i + 1) * source / (2L * destination));
        return idx;
    }

    private static (int[] i0, int[] i1, float[] f) Weights(int source, int destination)
    {
        var i0 = new int[destination];
        var i1 = new int[destination];
        var f = new float[destination];
        double scale = (double)source / destination;
        for (int i = 0; i < destination; i++)
        {
            double s = Math.Max(0, (i + 0.5) * scale - 0.5);
            int a = Math.Min((int)s, source - 1);
            i0[i] = a;
            i1[i] = Math.Min(a + 1, source - 1);
            f[i] = (float)(s - a);
        }
        return (i0, i1, f);
    }

    private static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"target size {width}x{height} must be positive");
    }
}
