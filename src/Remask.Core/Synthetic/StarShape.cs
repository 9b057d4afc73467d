namespace Remask.Core.Synthetic;

/// <summary>
/// A smooth star-convex shape in continuous image coordinates: in a frame centred at (<see cref="CenterX"/>,
/// <see cref="CenterY"/>), turned by <see cref="Rotation"/> and stretched by (<see cref="StretchX"/>,
/// <see cref="StretchY"/>), its border is the radial function
/// <c>r(θ) = R (1 + Σ_k (C[k] cos kθ + S[k] sin kθ))</c>, a few Fourier harmonics on a circle of radius R.
/// With no harmonics it is an ellipse with semi-axes R·StretchX and R·StretchY.
/// A point is inside when its (unstretched) distance from the centre is below r(θ); the border is always the
/// same set of points whatever the pixel size.
/// </summary>
internal sealed class StarShape : IShape
{
    private readonly double[] _c;
    private readonly double[] _s;
    private readonly double _cosRot;
    private readonly double _sinRot;

    public double CenterX { get; }
    public double CenterY { get; }
    public double Radius { get; }
    public double StretchX { get; }
    public double StretchY { get; }
    public double Rotation { get; }

    /// <summary>
    /// <paramref name="cos"/>[k] and <paramref name="sin"/>[k] are the coefficients of harmonic k (index 0 is
    /// unused, k = 1 shifts the shape). The sum of their absolute values must stay below 1 so that r(θ) &gt; 0.
    /// </summary>
    public StarShape(double centerX, double centerY, double radius, double stretchX = 1, double stretchY = 1,
        double rotation = 0, double[]? cos = null, double[]? sin = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(radius, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stretchX, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stretchY, 0);
        _c = cos ?? [];
        _s = sin ?? new double[_c.Length];
        if (_c.Length != _s.Length) throw new ArgumentException("cos and sin coefficient arrays differ in length");
        double sum = 0;
        for (int k = 1; k < _c.Length; k++) sum += Math.Abs(_c[k]) + Math.Abs(_s[k]);
        if (_c.Length > 0 && _c[0] != 0) throw new ArgumentException("harmonic 0 is the radius; leave cos[0] at 0");
        if (sum >= 1) throw new ArgumentException($"harmonic amplitudes sum to {sum:0.###}; they must stay below 1");
        CenterX = centerX;
        CenterY = centerY;
        Radius = radius;
        StretchX = stretchX;
        StretchY = stretchY;
        Rotation = rotation;
        _cosRot = Math.Cos(rotation);
        _sinRot = Math.Sin(rotation);
        MaxRadius = radius * (1 + sum);
    }

    /// <summary>
    /// A random smooth blob: harmonics 2..<paramref name="maxHarmonic"/> with amplitudes falling as k^-1.2,
    /// scaled so that they sum to at most <paramref name="irregularity"/> (0 gives an ellipse).
    /// </summary>
    public static StarShape RandomBlob(SynthRandom rng, double centerX, double centerY, double radius,
        double stretchX, double stretchY, double rotation, double irregularity, int maxHarmonic = 6)
    {
        var c = new double[maxHarmonic + 1];
        var s = new double[maxHarmonic + 1];
        double sum = 0;
        for (int k = 2; k <= maxHarmonic; k++)
        {
            double amplitude = rng.Uniform(0.3, 1) * Math.Pow(k, -1.2);
            double phase = rng.Uniform(0, 2 * Math.PI);
            c[k] = amplitude * Math.Cos(phase);
            s[k] = amplitude * Math.Sin(phase);
            sum += Math.Abs(c[k]) + Math.Abs(s[k]);
        }
        double scale = sum > 0 ? irregularity / sum : 0;
        for (int k = 2; k <= maxHarmonic; k++) { c[k] *= scale; s[k] *= scale; }
        return new StarShape(centerX, centerY, radius, stretchX, stretchY, rotation, c, s);
    }

    /// <summary>The same outline moved to (<paramref name="centerX"/>, <paramref name="centerY"/>) and scaled to radius <paramref name="radius"/>.</summary>
    public StarShape MovedTo(double centerX, double centerY, double radius) =>
        new(centerX, centerY, radius, StretchX, StretchY, Rotation, _c, _s);

    /// <summary>The largest radius r(θ) can reach (a bound, before stretching).</summary>
    public double MaxRadius { get; }

    /// <summary>The shape's area: π R² (1 + Σ (C[k]² + S[k]²) / 2) · StretchX · StretchY (exact, by Parseval).</summary>
    public double Area
    {
        get
        {
            double sq = 0;
            for (int k = 1; k < _c.Length; k++) sq += _c[k] * _c[k] + _s[k] * _s[k];
            return Math.PI * Radius * Radius * (1 + sq / 2) * StretchX * StretchY;
        }
    }

    /// <summary>A box that holds the whole shape: (minU, minV, maxU, maxV).</summary>
    public (double MinU, double MinV, double MaxU, double MaxV) Bounds
    {
        get
        {
            double r = MaxRadius * Math.Max(StretchX, StretchY);
            return (CenterX - r, CenterY - r, CenterX + r, CenterY + r);
        }
    }

    /// <summary>The border's radius r(θ) in the shape's own (turned, unstretched) frame.</summary>
    public double RadiusAt(double theta)
    {
        double r = 1;
        for (int k = 1; k < _c.Length; k++) r += _c[k] * Math.Cos(k * theta) + _s[k] * Math.Sin(k * theta);
        return Radius * r;
    }

    /// <summary>
    /// The border point at angle <paramref name="theta"/> of the shape's own (turned, unstretched) frame, in image
    /// coordinates: where a lobe or a notch is put on the outline.
    /// </summary>
    public (double U, double V) BorderPoint(double theta)
    {
        double r = RadiusAt(theta);
        double lx = r * Math.Cos(theta) * StretchX, ly = r * Math.Sin(theta) * StretchY;
        return (CenterX + _cosRot * lx - _sinRot * ly, CenterY + _sinRot * lx + _cosRot * ly);
    }

    public bool Contains(double u, double v)
    {
        Local(u, v, out double qx, out double qy);
        double d = Math.Sqrt(qx * qx + qy * qy);
        if (d == 0) return true;
        Border(qx / d, qy / d, out double r, out _);
        return d < r;
    }

    /// <summary>
    /// The signed distance from (u, v) to the border, positive inside, to first order (F / |∇F| with
    /// F = r(θ) - |q|): exact for a circle, close to the Euclidean distance near the border of any shape, which
    /// is where anti-aliasing and soft edges need it. Its sign always agrees with <see cref="Contains"/>.
    /// </summary>
    public double SignedDistance(double u, double v) => SignedDistance(u, v, out _);

    /// <summary>
    /// <see cref="SignedDistance(double, double)"/>, and the point's normalised radius |q| / r(θ): 0 at the
    /// centre, 1 on the border, above 1 outside (for shading from the centre outwards).
    /// </summary>
    public double SignedDistance(double u, double v, out double normalizedRadius)
    {
        Local(u, v, out double qx, out double qy);
        double d = Math.Sqrt(qx * qx + qy * qy);
        if (d == 0)
        {
            normalizedRadius = 0;
            return Radius * Math.Min(StretchX, StretchY);
        }
        double ct = qx / d, st = qy / d;
        Border(ct, st, out double r, out double dr);
        // ∇_q(|q| - r(θ)) = e_r - (r'/d) e_θ, then through the stretch (the turn keeps lengths).
        double gqx = ct + dr / d * st;
        double gqy = st - dr / d * ct;
        double gx = gqx / StretchX, gy = gqy / StretchY;
        double g = Math.Sqrt(gx * gx + gy * gy);
        normalizedRadius = d / r;
        return (r - d) / g;
    }

    private void Local(double u, double v, out double qx, out double qy)
    {
        double dx = u - CenterX, dy = v - CenterY;
        qx = (_cosRot * dx + _sinRot * dy) / StretchX;
        qy = (-_sinRot * dx + _cosRot * dy) / StretchY;
    }

    /// <summary>r(θ) and dr/dθ from cos θ and sin θ; cos kθ and sin kθ by the angle-addition recurrence.</summary>
    private void Border(double ct, double st, out double r, out double dr)
    {
        double sum = 1, dsum = 0;
        double ck = 1, sk = 0;
        for (int k = 1; k < _c.Length; k++)
        {
            double nc = ck * ct - sk * st;
            sk = sk * ct + ck * st;
            ck = nc;
            sum += _c[k] * ck + _s[k] * sk;
            dsum += k * (_s[k] * ck - _c[k] * sk);
        }
        r = Radius * sum;
        dr = Radius * dsum;
    }
}
