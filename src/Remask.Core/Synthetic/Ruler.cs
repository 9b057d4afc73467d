namespace Remask.Core.Synthetic;

/// <summary>
/// A dermatoscope ruler lying on the skin: a straight band across the image, either a light opaque plastic strip
/// or clear plastic that only shows a faint sheen, with dark tick marks along one edge (every fifth longer).
/// It hides what lies under it; the lesion's mask goes on underneath, as annotators draw it.
/// </summary>
internal sealed class Ruler
{
    private readonly double _cx, _cy, _tx, _ty, _nx, _ny;
    private readonly double _width, _spacing, _phase, _tickWidth, _tickLength, _edgeSide;
    private readonly double[] _bandColor = new double[3];
    private readonly double _bandOpacity, _tickShade, _tickOpacity;

    /// <summary>Draws a ruler: its direction (often near an image axis), its distance from the image centre (0.1 to
    /// 0.42, so it often crosses the lesion), 0.07 to 0.14 wide, ticks 0.025 to 0.045 apart.</summary>
    public Ruler(SynthRandom rng)
    {
        double angle = rng.Chance(0.6) ? rng.NextInt(4) * Math.PI / 2 + rng.Uniform(-0.25, 0.25) : rng.Uniform(0, 2 * Math.PI);
        (_tx, _ty) = (Math.Cos(angle), Math.Sin(angle));
        (_nx, _ny) = (-_ty, _tx);
        double offset = rng.Uniform(0.1, 0.42);
        (_cx, _cy) = (0.5 + _nx * offset, 0.5 + _ny * offset);
        _width = rng.Uniform(0.07, 0.14);
        _spacing = rng.Uniform(0.025, 0.045);
        _phase = rng.Uniform(0, _spacing * 5);
        _tickWidth = rng.Uniform(0.004, 0.007);
        _tickLength = rng.Uniform(0.25, 0.4) * _width;
        _edgeSide = rng.Sign();
        bool opaque = rng.Chance(0.5);
        double light = rng.Uniform(0.86, 0.97), yellow = rng.Uniform(0, 0.12);
        _bandColor[0] = light;
        _bandColor[1] = light * (1 - yellow * 0.3);
        _bandColor[2] = light * (1 - yellow);
        _bandOpacity = opaque ? rng.Uniform(0.55, 0.9) : rng.Uniform(0.05, 0.15);
        _tickShade = rng.Uniform(0.04, 0.2);
        _tickOpacity = rng.Uniform(0.8, 1.0);
    }

    /// <summary>
    /// How much of the pixel of side <paramref name="pixel"/> centred at (u, v) the band and the ticks cover, each
    /// 0 to 1 (box-filtered, <see cref="Coverage.Line"/>).
    /// </summary>
    public (float Band, float Ticks) Cover(double u, double v, double pixel)
    {
        double du = u - _cx, dv = v - _cy;
        double across = du * _nx + dv * _ny, along = du * _tx + dv * _ty;
        float band = Coverage.Line(Math.Abs(across), _width, pixel);
        if (band <= 0) return (0, 0);
        // The nearest tick, every fifth twice as long, reaching in from the band's edge on one side.
        double k = Math.Round((along - _phase) / _spacing);
        double toTick = along - _phase - k * _spacing;
        double length = ((long)k % 5 == 0 ? 2 : 1) * _tickLength;
        double fromEdge = _width / 2 - _edgeSide * across;   // 0 on the ticked edge, growing inwards
        float ticks = Math.Min(Coverage.Line(Math.Abs(toTick), _tickWidth, pixel),
            Coverage.Line(Math.Abs(fromEdge - length / 2), length, pixel));
        return (band, Math.Min(ticks, band));
    }

    /// <summary>Lays the ruler over the colour <paramref name="rgb"/> (3 channels) seen at (u, v): the band, then the ticks.</summary>
    public void Blend(double u, double v, double pixel, Span<double> rgb)
    {
        var (band, ticks) = Cover(u, v, pixel);
        if (band <= 0) return;
        double a = band * _bandOpacity, t = ticks * _tickOpacity;
        for (int c = 0; c < 3; c++)
        {
            rgb[c] += (_bandColor[c] - rgb[c]) * a;
            rgb[c] += (_tickShade - rgb[c]) * t;
        }
    }

    /// <summary>The share of what lies under (u, v) that the ruler hides: 0 off the ruler, the band's opacity
    /// and the ticks' together on it.</summary>
    public double Hides(double u, double v, double pixel)
    {
        var (band, ticks) = Cover(u, v, pixel);
        return 1 - (1 - band * _bandOpacity) * (1 - ticks * _tickOpacity);
    }
}
