using Remask.Core.Imaging;

namespace Remask.Core.Morphology;

/// <summary>
/// Fills the holes of a mask: background that cannot reach the image border through background becomes
/// foreground. Same result as <c>scipy.ndimage.binary_fill_holes</c>: background connectivity 4 by default
/// (scipy's default structure, the cross), 8 for scipy's full 3x3 structure. A background region that touches
/// the border is not a hole and stays open.
/// </summary>
public static class HoleFilling
{
    public static Mask Fill(Mask mask, Connectivity backgroundConnectivity = Connectivity.Four)
    {
        var output = new byte[mask.Length];
        Fill(mask.Pixels, mask.Width, mask.Height, output, backgroundConnectivity);
        return new Mask(mask.Width, mask.Height, output);
    }

    /// <summary>Writes the filled mask (values 0/1) to <paramref name="output"/>; the input is read as non-zero = foreground.</summary>
    public static void Fill(ReadOnlySpan<byte> pixels, int width, int height, Span<byte> output,
        Connectivity backgroundConnectivity = Connectivity.Four)
    {
        ConnectedComponents.CheckSize(pixels.Length, width, height);
        if (output.Length != pixels.Length) throw new ArgumentException("output size differs from the input");
        // output doubles as the "reached from outside" marker: 2 = outer background, then turned into 0/1.
        output.Clear();
        var stack = new int[pixels.Length];
        int top = 0;
        void Seed(ReadOnlySpan<byte> px, Span<byte> reached, int i, int[] st, ref int t)
        {
            if (px[i] == 0 && reached[i] == 0) { reached[i] = 2; st[t++] = i; }
        }
        for (int x = 0; x < width; x++)
        {
            Seed(pixels, output, x, stack, ref top);
            Seed(pixels, output, (height - 1) * width + x, stack, ref top);
        }
        for (int y = 0; y < height; y++)
        {
            Seed(pixels, output, y * width, stack, ref top);
            Seed(pixels, output, y * width + width - 1, stack, ref top);
        }
        bool eight = backgroundConnectivity == Connectivity.Eight;
        while (top > 0)
        {
            int p = stack[--top];
            int x = p % width, y = p / width;
            for (int dy = -1; dy <= 1; dy++)
            {
                int ny = y + dy;
                if ((uint)ny >= (uint)height) continue;
                for (int dx = -1; dx <= 1; dx++)
                {
                    if ((dx == 0 && dy == 0) || (!eight && dx != 0 && dy != 0)) continue;
                    int nx = x + dx;
                    if ((uint)nx >= (uint)width) continue;
                    int q = ny * width + nx;
                    if (pixels[q] == 0 && output[q] == 0) { output[q] = 2; stack[top++] = q; }
                }
            }
        }
        for (int i = 0; i < output.Length; i++) output[i] = output[i] == 2 ? (byte)0 : (byte)1;
    }
}
