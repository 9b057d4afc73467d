namespace Remask.Core.Synthetic;

/// <summary>
/// The square pixel grid on which a synthetic scene is drawn. Scenes live in continuous coordinates: u (left
/// to right) and v (top to bottom) run over [0, 1] across the image, so a shape is the same at every size.
/// Pixel (x, y) covers [x/size, (x+1)/size] x [y/size, (y+1)/size]; its centre is sampled.
/// </summary>
internal readonly struct PixelGrid
{
    public int Size { get; }

    /// <summary>The side of one pixel in continuous units, 1 / <see cref="Size"/>.</summary>
    public double Pixel { get; }

    public PixelGrid(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        Pixel = 1.0 / size;
    }

    /// <summary>The continuous coordinate of the centre of pixel column or row <paramref name="i"/>.</summary>
    public double Center(int i) => (i + 0.5) * Pixel;

    /// <summary>
    /// The pixel columns (or rows) whose centres lie in [<paramref name="min"/>, <paramref name="max"/>],
    /// clipped to the image; empty (<c>first &gt; last</c>) when none do.
    /// </summary>
    public (int First, int Last) Span(double min, double max)
    {
        double lo = Math.Ceiling(min * Size - 0.5), hi = Math.Floor(max * Size - 0.5);
        int first = lo < 0 ? 0 : lo > Size ? Size : (int)lo;
        int last = hi > Size - 1 ? Size - 1 : hi < -1 ? -1 : (int)hi;
        return (first, last);
    }
}

/// <summary>Anti-aliasing by analytic coverage: how much of a pixel (a box of side <c>pixel</c>) a shape covers.</summary>
internal static class Coverage
{
    /// <summary>
    /// Coverage of a pixel by a half-plane whose border is <paramref name="signedDistance"/> away from the pixel
    /// centre (positive: the centre is inside), box-filtered over <paramref name="width"/>: 0.5 on the border,
    /// 0 and 1 beyond half a width.
    /// </summary>
    public static float Edge(double signedDistance, double width) =>
        (float)Math.Clamp(0.5 + signedDistance / width, 0, 1);

    /// <summary>
    /// Coverage of a pixel of side <paramref name="pixel"/> whose centre is <paramref name="distance"/> from the
    /// middle of a straight band <paramref name="lineWidth"/> wide: the overlap of [d - p/2, d + p/2] with
    /// [-w/2, w/2], divided by p. Thin lines (w &lt; p) come out as faint lines, as a camera would see them.
    /// </summary>
    public static float Line(double distance, double lineWidth, double pixel)
    {
        double overlap = Math.Min(distance + pixel / 2, lineWidth / 2) - Math.Max(distance - pixel / 2, -lineWidth / 2);
        return overlap <= 0 ? 0f : (float)Math.Min(1, overlap / pixel);
    }

    /// <summary>Hermite smoothstep: 0 below <paramref name="edge0"/>, 1 above <paramref name="edge1"/>.</summary>
    public static float SmoothStep(double edge0, double edge1, double x)
    {
        double t = Math.Clamp((x - edge0) / (edge1 - edge0), 0, 1);
        return (float)(t * t * (3 - 2 * t));
    }
}
