using Remask.Core.Imaging;

namespace Remask.Core.Tests.Synthetic;

/// <summary>Small measurements on images and masks for the synthetic-data tests, written out plainly.</summary>
internal static class ImageMeasures
{
    /// <summary>Rec. 709 luminance of an RGB image, or the plane of a gray one.</summary>
    public static float[] Luminance(Image image)
    {
        int plane = image.Width * image.Height;
        var l = new float[plane];
        var d = image.Data;
        for (int i = 0; i < plane; i++)
            l[i] = image.Channels == 1 ? d[i] : 0.2126f * d[i] + 0.7152f * d[plane + i] + 0.0722f * d[2 * plane + i];
        return l;
    }

    /// <summary>Central-difference gradient magnitude (0 on the image's outermost pixels).</summary>
    public static float[] GradientMagnitude(float[] values, int w, int h)
    {
        var g = new float[values.Length];
        for (int y = 1; y < h - 1; y++)
            for (int x = 1; x < w - 1; x++)
            {
                int i = y * w + x;
                float gx = (values[i + 1] - values[i - 1]) / 2, gy = (values[i + w] - values[i - w]) / 2;
                g[i] = MathF.Sqrt(gx * gx + gy * gy);
            }
        return g;
    }

    /// <summary>
    /// Chebyshev distance (in pixels, capped at <paramref name="cap"/>) from each pixel to the nearest pixel
    /// of the other mask value; 1 for pixels right at the border.
    /// </summary>
    public static int[] DistanceToBorder(Mask mask, int cap)
    {
        int w = mask.Width, h = mask.Height;
        var d = new int[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                bool self = mask[x, y];
                int found = cap;
                for (int r = 1; r < cap && found == cap; r++)
                    for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r) && found == cap; yy++)
                        for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++)
                            if (mask[xx, yy] != self) { found = r; break; }
                d[y * w + x] = found;
            }
        return d;
    }

    public static double Dice(Mask a, Mask b)
    {
        int inter = 0, sum = 0;
        var pa = a.Pixels;
        var pb = b.Pixels;
        for (int i = 0; i < pa.Length; i++) { inter += pa[i] & pb[i]; sum += pa[i] + pb[i]; }
        return sum == 0 ? 1 : 2.0 * inter / sum;
    }

    public static bool TouchesBorder(Mask m)
    {
        for (int i = 0; i < m.Width; i++)
            if (m[i, 0] || m[i, m.Height - 1]) return true;
        for (int j = 0; j < m.Height; j++)
            if (m[0, j] || m[m.Width - 1, j]) return true;
        return false;
    }

    public static byte[] Bytes(Image image)
    {
        var bytes = new byte[image.Data.Length * sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(image.Data).CopyTo(bytes);
        return bytes;
    }
}
