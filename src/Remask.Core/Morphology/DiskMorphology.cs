using Remask.Core.Imaging;

namespace Remask.Core.Morphology;

/// <summary>
/// Binary erosion, dilation, opening and closing with a digital disk of radius r: the offsets (dx, dy) with
/// dx^2 + dy^2 &lt;= r^2 (<c>skimage.morphology.disk(r)</c>). Computed exactly through the Euclidean distance
/// transform, so the cost does not grow with the radius.
/// Border: for dilation, outside the image is background; for erosion, outside the image is foreground, so an
/// object that runs off the image edge is not eaten from the edge (as <c>skimage.morphology.binary_erosion</c>).
/// Closing is computed on the image padded with r pixels of background, so that it never grows an object
/// toward the image edge (closing is extensive: it only adds pixels). Radius 0 returns the mask unchanged.
/// </summary>
public static class DiskMorphology
{
    /// <summary>
    /// Dilation by the disk of <paramref name="radius"/>: foreground wherever a foreground pixel lies within Euclidean
    /// distance r (outside the image counts as background).
    /// </summary>
    public static Mask Dilate(Mask mask, int radius)
    {
        var output = new byte[mask.Length];
        Dilate(mask.Pixels, mask.Width, mask.Height, radius, output);
        return new Mask(mask.Width, mask.Height, output);
    }

    /// <summary>
    /// Erosion by the disk of <paramref name="radius"/>: foreground where every pixel within Euclidean distance r is
    /// foreground (outside the image counts as foreground).
    /// </summary>
    public static Mask Erode(Mask mask, int radius)
    {
        var output = new byte[mask.Length];
        Erode(mask.Pixels, mask.Width, mask.Height, radius, output);
        return new Mask(mask.Width, mask.Height, output);
    }

    /// <summary>Erosion then dilation: removes foreground details thinner than the disk.</summary>
    public static Mask Open(Mask mask, int radius) => Dilate(Erode(mask, radius), radius);

    /// <summary>Dilation then erosion: closes background gaps and notches thinner than the disk.</summary>
    public static Mask Close(Mask mask, int radius)
    {
        CheckRadius(radius);
        int w = mask.Width + 2 * radius, h = mask.Height + 2 * radius;
        var padded = new byte[w * h];
        ReadOnlySpan<byte> src = mask.Pixels;
        for (int y = 0; y < mask.Height; y++)
            src.Slice(y * mask.Width, mask.Width).CopyTo(padded.AsSpan((y + radius) * w + radius, mask.Width));
        var dilated = new byte[padded.Length];
        Dilate(padded, w, h, radius, dilated);
        var closed = new byte[padded.Length];
        Erode(dilated, w, h, radius, closed);
        var output = new byte[mask.Length];
        for (int y = 0; y < mask.Height; y++)
            closed.AsSpan((y + radius) * w + radius, mask.Width).CopyTo(output.AsSpan(y * mask.Width, mask.Width));
        return new Mask(mask.Width, mask.Height, output);
    }

    /// <summary>Dilation of the non-zero pixels of <paramref name="pixels"/>, written as 0/1 to <paramref name="output"/>.</summary>
    public static void Dilate(ReadOnlySpan<byte> pixels, int width, int height, int radius, Span<byte> output)
    {
        CheckRadius(radius);
        var distance = new int[pixels.Length];
        DistanceTransform.SquaredToNearest(pixels, width, height, distance);
        int r2 = radius * radius;
        for (int i = 0; i < distance.Length; i++) output[i] = distance[i] <= r2 ? (byte)1 : (byte)0;
    }

    /// <summary>Erosion of the non-zero pixels of <paramref name="pixels"/>, written as 0/1 to <paramref name="output"/>.</summary>
    public static void Erode(ReadOnlySpan<byte> pixels, int width, int height, int radius, Span<byte> output)
    {
        CheckRadius(radius);
        // Erosion of M = complement of the dilation of the complement (outside the image counts as M).
        var background = new byte[pixels.Length];
        for (int i = 0; i < background.Length; i++) background[i] = pixels[i] == 0 ? (byte)1 : (byte)0;
        var distance = new int[pixels.Length];
        DistanceTransform.SquaredToNearest(background, width, height, distance);
        int r2 = radius * radius;
        for (int i = 0; i < distance.Length; i++) output[i] = distance[i] > r2 ? (byte)1 : (byte)0;
    }

    private static void CheckRadius(int radius)
    {
        if (radius < 0) throw new RemaskUsageException($"the disk radius must be 0 or more, got {radius}");
    }
}
