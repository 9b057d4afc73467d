using Remask.Core.Imaging;

namespace Remask.Core.Morphology;

/// <summary>
/// Fills the holes of a mask: background that cannot reach the image border through background becomes
/// foreground. Same result as <c>scipy.ndimage.binary_fill_holes</c>: background connectivity 4 by default
/// (scipy's default structure, the cross), 8 for scipy's full 3x3 structure. A background region that touches
/// the border is not a hole and stays open.
/// Implemented as a scanline flood fill of the outer background from the border, run by run.
/// </summary>
public static class HoleFilling
{
    private const byte Outside = 2;   // working state: 1 = foreground, 0 = background not (yet) reached from the border

    /// <summary>
    /// <paramref name="mask"/> with its holes filled: background that cannot reach the border through background
    /// (<paramref name="backgroundConnectivity"/>, 4 by default) becomes foreground.
    /// </summary>
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
        // output is the working state: 1, Outside, or 0.
        PixelOps.Binarize(pixels, output);

        int reach = backgroundConnectivity == Connectivity.Eight ? 1 : 0;
        var seeds = new Stack<(int X, int Y)>();
        for (int x = 0; x < width; x++)
        {
            seeds.Push((x, 0));
            seeds.Push((x, height - 1));
        }
        for (int y = 0; y < height; y++)
        {
            seeds.Push((0, y));
            seeds.Push((width - 1, y));
        }
        while (seeds.Count > 0)
        {
            var (sx, sy) = seeds.Pop();
            Span<byte> row = output.Slice(sy * width, width);
            if (row[sx] != 0) continue;
            // Grow the seed to its whole run of unreached background and mark it.
            int left = row[..sx].LastIndexOfAnyExcept((byte)0) + 1;
            int right = row[sx..].IndexOfAnyExcept((byte)0);
            right = right < 0 ? width - 1 : sx + right - 1;
            row[left..(right + 1)].Fill(Outside);
            // Seed every unreached run in the rows above and below that touches this one.
            int from = Math.Max(0, left - reach), to = Math.Min(width - 1, right + reach);
            if (sy > 0) SeedRuns(output.Slice((sy - 1) * width, width), from, to, sy - 1, seeds);
            if (sy < height - 1) SeedRuns(output.Slice((sy + 1) * width, width), from, to, sy + 1, seeds);
        }
        // Outside -> 0, foreground and unreached background (holes) -> 1.
        PixelOps.OneUnlessMarker(output, Outside);
    }

    /// <summary>Pushes one seed per run of unreached background within columns [from, to] of a row.</summary>
    private static void SeedRuns(Span<byte> row, int from, int to, int y, Stack<(int X, int Y)> seeds)
    {
        int x = from;
        while (x <= to)
        {
            int found = row[x..(to + 1)].IndexOf((byte)0);
            if (found < 0) return;
            x += found;
            seeds.Push((x, y));
            int end = row[x..(to + 1)].IndexOfAnyExcept((byte)0);
            if (end < 0) return;
            x += end;
        }
    }
}
