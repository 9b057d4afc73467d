using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>
/// Disk opening and distance bands computed only in the bounding box of the pixels that can matter, padded by the
/// radius. Exact: an opening never leaves the bounding box of its input, and the erosion of a pixel reads only the
/// disk around it, which lies inside the padded box or outside the image. Flip sets are usually a small part of
/// the image, so this is much cheaper than <see cref="DiskMorphology.Open(Imaging.Mask, int)"/> on the whole image.
/// </summary>
internal static class CroppedMorphology
{
    /// <summary>Opening of the non-zero pixels of <paramref name="map"/> with a disk of radius r, in place (0/1).</summary>
    public static void OpenInPlace(Span<byte> map, int width, int height, int radius)
    {
        if (radius == 0) return;
        if (!Box(map, width, height, radius, out int x0, out int y0, out int x1, out int y1)) return;
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        var crop = new byte[w * h];
        for (int y = 0; y < h; y++) map.Slice((y + y0) * width + x0, w).CopyTo(crop.AsSpan(y * w, w));
        var eroded = new byte[crop.Length];
        DiskMorphology.Erode(crop, w, h, radius, eroded);
        DiskMorphology.Dilate(eroded, w, h, radius, crop);
        for (int y = 0; y < h; y++) crop.AsSpan(y * w, w).CopyTo(map.Slice((y + y0) * width + x0, w));
    }

    /// <summary>0/1 map of the pixels within Euclidean distance <paramref name="radius"/> of a non-zero pixel of <paramref name="seeds"/>.</summary>
    public static byte[] Within(ReadOnlySpan<byte> seeds, int width, int height, int radius)
    {
        var band = new byte[seeds.Length];
        if (!Box(seeds, width, height, radius, out int x0, out int y0, out int x1, out int y1)) return band;
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        var crop = new byte[w * h];
        for (int y = 0; y < h; y++) seeds.Slice((y + y0) * width + x0, w).CopyTo(crop.AsSpan(y * w, w));
        var grown = new byte[crop.Length];
        DiskMorphology.Dilate(crop, w, h, radius, grown);
        for (int y = 0; y < h; y++) grown.AsSpan(y * w, w).CopyTo(band.AsSpan((y + y0) * width + x0, w));
        return band;
    }

    /// <summary>Bounding box of the non-zero pixels padded by <paramref name="pad"/> and clipped to the image; false when there are none.</summary>
    private static bool Box(ReadOnlySpan<byte> map, int width, int height, int pad, out int x0, out int y0, out int x1, out int y1)
    {
        x0 = width; y0 = height; x1 = -1; y1 = -1;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = map.Slice(y * width, width);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first < 0) continue;
            int last = row.LastIndexOfAnyExcept((byte)0);
            if (y0 == height) y0 = y;
            y1 = y;
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, last);
        }
        if (y1 < 0) return false;
        x0 = Math.Max(0, x0 - pad); y0 = Math.Max(0, y0 - pad);
        x1 = Math.Min(width - 1, x1 + pad); y1 = Math.Min(height - 1, y1 + pad);
        return true;
    }
}
