using Remask.Core.Morphology;

namespace Remask.Core.Noise;

/// <summary>Helpers that move one component between a label image and a small crop around it.</summary>
internal static class ComponentPixels
{
    /// <summary>The component's bounding box grown by <paramref name="margin"/> and clipped to the image: (x0, y0, width, height).</summary>
    public static (int X0, int Y0, int Width, int Height) Box(ComponentInfo c, int margin, int imageWidth, int imageHeight)
    {
        int x0 = Math.Max(0, c.MinX - margin), y0 = Math.Max(0, c.MinY - margin);
        int x1 = Math.Min(imageWidth - 1, c.MaxX + margin), y1 = Math.Min(imageHeight - 1, c.MaxY + margin);
        return (x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>The component's pixels (1) in the crop <paramref name="box"/>, everything else 0.</summary>
    public static byte[] Crop(ComponentLabels labels, int label, (int X0, int Y0, int Width, int Height) box)
    {
        var crop = new byte[box.Width * box.Height];
        ReadOnlySpan<int> lab = labels.Labels;
        for (int y = 0; y < box.Height; y++)
        {
            int src = (box.Y0 + y) * labels.Width + box.X0;
            for (int x = 0; x < box.Width; x++)
                if (lab[src + x] == label) crop[y * box.Width + x] = 1;
        }
        return crop;
    }

    /// <summary>Sets in <paramref name="output"/> (full image) every pixel that is non-zero in the crop.</summary>
    public static void Paste(ReadOnlySpan<byte> crop, (int X0, int Y0, int Width, int Height) box, Span<byte> output, int imageWidth)
    {
        for (int y = 0; y < box.Height; y++)
        {
            int dst = (box.Y0 + y) * imageWidth + box.X0;
            for (int x = 0; x < box.Width; x++)
                if (crop[y * box.Width + x] != 0) output[dst + x] = 1;
        }
    }

    /// <summary>Sets in <paramref name="output"/> the pixels of component <paramref name="c"/>.</summary>
    public static void Copy(ComponentLabels labels, ComponentInfo c, Span<byte> output)
    {
        ReadOnlySpan<int> lab = labels.Labels;
        for (int y = c.MinY; y <= c.MaxY; y++)
            for (int x = c.MinX; x <= c.MaxX; x++)
            {
                int i = y * labels.Width + x;
                if (lab[i] == c.Label) output[i] = 1;
            }
    }

    /// <summary>Radius of the disc with the component's area: sqrt(area / pi).</summary>
    public static double EquivalentRadius(int area) => Math.Sqrt(area / Math.PI);
}
