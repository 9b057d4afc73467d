namespace Remask.Core.Noise;

/// <summary>
/// A closed smooth curve through given vertices: the centripetal Catmull-Rom spline (alpha = 1/2), which passes
/// through every vertex, has no cusps or self-intersections within a segment, and does not overshoot the way a
/// uniform spline does on unevenly spaced vertices.
/// </summary>
internal static class ClosedCurve
{
    /// <summary>
    /// Samples the closed curve through <paramref name="vertices"/> (consecutive vertices distinct) as a dense
    /// polygon, with points at most about <paramref name="maxStep"/> pixels apart along each chord.
    /// </summary>
    public static List<PointD> CentripetalCatmullRom(IReadOnlyList<PointD> vertices, double maxStep = 0.5)
    {
        int n = vertices.Count;
        if (n < 3) throw new ArgumentException("a closed curve needs at least 3 vertices");
        if (!(maxStep > 0)) throw new ArgumentOutOfRangeException(nameof(maxStep));
        var curve = new List<PointD>();
        for (int i = 0; i < n; i++)
        {
            PointD p0 = vertices[(i - 1 + n) % n], p1 = vertices[i], p2 = vertices[(i + 1) % n], p3 = vertices[(i + 2) % n];
            double t0 = 0;
            double t1 = t0 + Knot(p0, p1);
            double t2 = t1 + Knot(p1, p2);
            double t3 = t2 + Knot(p2, p3);
            if (t1 == t0 || t2 == t1 || t3 == t2) throw new ArgumentException("consecutive curve vertices must differ");
            double chord = Math.Sqrt(Sq(p2.X - p1.X) + Sq(p2.Y - p1.Y));
            int samples = Math.Max(4, (int)Math.Ceiling(chord / maxStep));
            for (int s = 0; s < samples; s++)
            {
                double t = t1 + (t2 - t1) * s / samples;
                curve.Add(Evaluate(p0, p1, p2, p3, t0, t1, t2, t3, t));
            }
        }
        return curve;
    }

    private static double Knot(PointD a, PointD b) => Math.Pow(Sq(b.X - a.X) + Sq(b.Y - a.Y), 0.25);   // |b - a|^(1/2)

    private static double Sq(double v) => v * v;

    /// <summary>The Barry-Goldman pyramid for one segment.</summary>
    private static PointD Evaluate(PointD p0, PointD p1, PointD p2, PointD p3, double t0, double t1, double t2, double t3, double t)
    {
        PointD a1 = Lerp(p0, p1, (t - t0) / (t1 - t0));
        PointD a2 = Lerp(p1, p2, (t - t1) / (t2 - t1));
        PointD a3 = Lerp(p2, p3, (t - t2) / (t3 - t2));
        PointD b1 = Lerp(a1, a2, (t - t0) / (t2 - t0));
        PointD b2 = Lerp(a2, a3, (t - t1) / (t3 - t1));
        return Lerp(b1, b2, (t - t1) / (t2 - t1));
    }

    private static PointD Lerp(PointD a, PointD b, double u) => new(a.X + (b.X - a.X) * u, a.Y + (b.Y - a.Y) * u);
}
