using Remask.Core.Imaging;

namespace Remask.Cli.Tests.MaskVerbs;

/// <summary>Writes and reads the small mask files the verb tests work on.</summary>
internal static class MaskFiles
{
    public static Mask Disc(int w, int h, double cx, double cy, double r) =>
        Mask.FromFunction(w, h, (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r);

    public static void Write(string path, Mask mask)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        PngWriter.WriteMask(path, mask);
    }

    /// <summary>An 8-bit gray PNG with the given label values (row-major).</summary>
    public static void WriteLabels(string path, int w, int h, Func<int, int, ushort> label)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var samples = new ushort[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) samples[y * w + x] = label(x, y);
        PngWriter.Write(path, new Raster(w, h, 1, 8, samples));
    }

    public static Mask Read(string path) => ImageFiles.ReadMask(path, ForegroundRule.AnyPositive);

    public static string[] Names(string dir) =>
        Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
