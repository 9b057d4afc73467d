namespace Remask.Core.Relabeling;

/// <summary>
/// The outline of a label map: the pixels that have a 4-neighbour (left, right, up, down) with the other label,
/// on both sides of the boundary, so that a one-pixel object is its own outline. The image border is not
/// an outline (outside the image counts as the same label). Shape: width x height, row-major, 0/1.
/// </summary>
public static class Outline
{
    /// <summary>The outline of <paramref name="label"/> (non-zero = foreground) as 0/1 bytes.</summary>
    public static byte[] Of(ReadOnlySpan<byte> label, int width, int height)
    {
        RelabelInput.CheckLength(label.Length, width, height, "label");
        var outline = new byte[label.Length];
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < width; x++)
            {
                int i = row + x;
                bool v = label[i] != 0;
                if ((x > 0 && (label[i - 1] != 0) != v) ||
                    (x < width - 1 && (label[i + 1] != 0) != v) ||
                    (y > 0 && (label[i - width] != 0) != v) ||
                    (y < height - 1 && (label[i + width] != 0) != v))
                    outline[i] = 1;
            }
        }
        return outline;
    }

    /// <summary>Number of non-zero entries.</summary>
    internal static int Count(ReadOnlySpan<byte> map) => map.Length - System.MemoryExtensions.Count(map, (byte)0);
}
