using Remask.Core.Imaging;

namespace Remask.Core.Tests.Datasets;

/// <summary>Writes small image and mask files for dataset tests.</summary>
internal static class DatasetFixtures
{
    /// <summary>An RGB image whose red channel is x / (w-1), green y / (h-1), blue 0.5.</summary>
    public static void Image(string path, int w, int h, int channels = 3)
    {
        var samples = new ushort[w * h * channels];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < channels; c++)
                    samples[(y * w + x) * channels + c] = (ushort)(c == 0 ? x * 255 / Math.Max(1, w - 1) : c == 1 ? y * 255 / Math.Max(1, h - 1) : 128);
        PngWriter.Write(path, new Raster(w, h, channels, 8, samples));
    }

    /// <summary>A mask with the left <paramref name="foregroundColumns"/> columns at <paramref name="value"/> (rest 0).</summary>
    public static void Mask(string path, int w, int h, int foregroundColumns, ushort value = 255)
    {
        var samples = new ushort[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < foregroundColumns; x++) samples[y * w + x] = value;
        PngWriter.Write(path, new Raster(w, h, 1, 8, samples));
    }
}
