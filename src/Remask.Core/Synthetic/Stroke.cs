namespace Remask.Core.Synthetic;

/// <summary>
/// A thin curved stroke (a hair): the quadratic Bézier curve from P0 through control point P1 to P2, in
/// continuous image coordinates, <see cref="Width"/> wide (also in continuous units).
/// </summary>
internal sealed record Stroke(double X0, double Y0, double X1, double Y1, double X2, double Y2, double Width)
{
    /// <summary>Segments of the polyline that stands for the curve when drawing.</summary>
    public const int Segments = 32;

    /// <summary>
    /// A random hair through (<paramref name="midX"/>, <paramref name="midY"/>): any direction, 0.35 to 1.3 image
    /// widths long with the point 20 to 80 % along it, bent by up to a quarter of its length,
    /// <paramref name="minWidth"/> to <paramref name="maxWidth"/> wide.
    /// </summary>
    public static Stroke RandomHair(SynthRandom rng, double midX, double midY, double minWidth, double maxWidth)
    {
        double dir = rng.Uniform(0, 2 * Math.PI);
        double length = rng.Uniform(0.35, 1.3);
        double before = rng.Uniform(0.2, 0.8) * length;
        double dx = Math.Cos(dir), dy = Math.Sin(dir);
        double bend = rng.Uniform(-0.25, 0.25) * length;
        double x0 = midX - dx * before, y0 = midY - dy * before;
        double x2 = x0 + dx * length, y2 = y0 + dy * length;
        return new Stroke(x0, y0, (x0 + x2) / 2 - dy * bend, (y0 + y2) / 2 + dx * bend, x2, y2, rng.Uniform(minWidth, maxWidth));
    }

    public (double X, double Y) PointAt(double t)
    {
        double a = (1 - t) * (1 - t), b = 2 * (1 - t) * t, c = t * t;
        return (a * X0 + b * X1 + c * X2, a * Y0 + b * Y1 + c * Y2);
    }

    /// <summary>
    /// Adds the stroke's anti-aliased coverage (<see cref="Coverage.Line"/>) to <paramref name="coverage"/>
    /// (size x size, row-major), keeping the larger value where it meets what is there. Only the pixels near
    /// the curve are visited.
    /// </summary>
    public void Draw(PixelGrid grid, Span<float> coverage)
    {
        double p = grid.Pixel;
        double reach = Width / 2 + p;
        var (px, py) = PointAt(0);
        for (int s = 1; s <= Segments; s++)
        {
            var (qx, qy) = PointAt((double)s / Segments);
            var (x0, x1) = grid.Span(Math.Min(px, qx) - reach, Math.Max(px, qx) + reach);
            var (y0, y1) = grid.Span(Math.Min(py, qy) - reach, Math.Max(py, qy) + reach);
            double ex = qx - px, ey = qy - py;
            double len2 = ex * ex + ey * ey;
            for (int y = y0; y <= y1; y++)
            {
                double v = grid.Center(y);
                int row = y * grid.Size;
                for (int x = x0; x <= x1; x++)
                {
                    double u = grid.Center(x);
                    double t = len2 > 0 ? Math.Clamp(((u - px) * ex + (v - py) * ey) / len2, 0, 1) : 0;
                    double dx = u - (px + t * ex), dy = v - (py + t * ey);
                    float c = Coverage.Line(Math.Sqrt(dx * dx + dy * dy), Width, p);
                    if (c > coverage[row + x]) coverage[row + x] = c;
                }
            }
            (px, py) = (qx, qy);
        }
    }
}
