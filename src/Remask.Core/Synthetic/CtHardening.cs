namespace Remask.Core.Synthetic;

/// <summary>
/// What <see cref="SyntheticDifficulty.Hard"/> adds to one <see cref="SynthCt"/> slice, drawn from its own random
/// stream while the standard scene is drawn (which it leaves as it is, so the standard dataset does not change):
/// <list type="bullet">
/// <item>a liver whose contrast to its neighbours varies: the liver 0.54 to 0.63 (so near the muscle wall's 0.49
/// to 0.55), each neighbour's difference to it scaled down to 0 to 40-80 % of the standard one (spleen, kidneys,
/// stomach, pancreas, vena cava: from nearly invisible to faint), and a smooth shading across the liver of
/// ±0.015 to 0.035, so one side of it may match a neighbour and the other not;</item>
/// <item>neighbours touching it: 3 to 5 structures pressed into its medial half and drawn over it (not liver,
/// so not in the mask), each making a bay in its outline: soft tissue 0.04 to 0.08 brighter or darker than the
/// liver (15 %), a gallbladder of fluid (35 %), a contrast-filled vessel (20 %), a fissure of fat (30 %), the
/// first three in 60 % of cases inside a thin plane of fat (<see cref="Neighbours"/>). An annotator's
/// few-vertex outline bridges these bays;</item>
/// <item>an irregular outline: 1 to 3 lobes bulging from its anterior-medial side (<see cref="LiverOutline"/>);</item>
/// <item>more image noise: sigma 0.02 to 0.035.</item>
/// </list>
/// </summary>
internal sealed class CtHardening
{
    private readonly SynthRandom _rng;
    private readonly double _contrastMax;

    /// <summary>The liver's value (replaces the standard 0.56 to 0.64).</summary>
    public double Liver { get; }

    /// <summary>The shading across the liver (replaces the standard fine texture) and its amplitude.</summary>
    public FractalNoise LiverTexture { get; }
    public double LiverTextureAmplitude { get; }

    /// <summary>The noise's standard deviation (replaces the standard 0.015 to 0.035).</summary>
    public double NoiseSigma { get; }

    /// <param name="rng">The hard stream of the slice; later calls keep drawing from it, in the scene's order.</param>
    public CtHardening(SynthRandom rng)
    {
        _rng = rng;
        Liver = rng.Uniform(0.54, 0.63);
        _contrastMax = rng.Uniform(0.4, 0.8);
        LiverTexture = new FractalNoise(rng, 2.5, 2);
        LiverTextureAmplitude = rng.Uniform(0.015, 0.035);
        NoiseSigma = rng.Uniform(0.02, 0.035);
    }

    /// <summary>A neighbour's difference to the liver, <paramref name="standard"/>, scaled down by a factor drawn for it.</summary>
    public double Near(double standard) => standard * _rng.Uniform(0, _contrastMax);

    /// <summary>The liver <paramref name="shape"/> with 1 to 3 lobes bulging from its anterior-medial side.</summary>
    public CompositeShape LiverOutline(StarShape shape)
    {
        var parts = new List<IShape> { shape };
        int lobes = _rng.NextInt(1, 3);
        for (int i = 0; i < lobes; i++)
        {
            var (px, py, dx, dy) = OnBorder(shape, _rng.Uniform(-1.6, 0.6));
            double r = _rng.Uniform(0.25, 0.5) * shape.Radius, out_ = _rng.Uniform(0.2, 0.6) * r;
            double s = Math.Exp(_rng.Uniform(-0.3, 0.3));
            parts.Add(StarShape.RandomBlob(_rng, px + dx * out_, py + dy * out_, r, s, 1 / s, _rng.Uniform(0, Math.PI), _rng.Uniform(0.15, 0.3), 4));
        }
        return new CompositeShape(parts);
    }

    /// <summary>
    /// 3 to 5 structures pressed into the medial half of the liver <paramref name="shape"/>, to be painted over
    /// it and left out of its mask: soft tissue (radius 0.25-0.5 of the liver's, the liver's value ± 0.04-0.08),
    /// a gallbladder (radius 0.25-0.4 of the liver's, fluid: 0.25-0.4), a vessel (the liver + 0.1-0.2), or a
    /// fissure of fat (<paramref name="fat"/>, 0.35-0.6 of the liver's radius long, 0.012-0.024 wide); each
    /// clipped to <paramref name="clips"/>. In 60 % of cases a neighbour that is not a fissure comes as two
    /// layers: the shape filled with fat, then the neighbour inset 0.005-0.009 from its border (a fat plane).
    /// </summary>
    public IReadOnlyList<ShapeLayer> Neighbours(StarShape shape, double liver, double fat, IReadOnlyList<(IShape, double)> clips)
    {
        int count = _rng.NextInt(3, 5);
        var layers = new List<ShapeLayer>(count);
        double radius = shape.Radius;
        for (int i = 0; i < count; i++)
        {
            var (px, py, dx, dy) = OnBorder(shape, _rng.Uniform(-Math.PI / 2 - 0.4, Math.PI / 2 + 0.4));
            double along = Math.Atan2(dy, dx);
            ShapeLayer layer;
            double kind = _rng.NextDouble();
            switch (kind < 0.15 ? 0 : kind < 0.5 ? 1 : kind < 0.7 ? 2 : 3)
            {
                case 0:
                {
                    double r = _rng.Uniform(0.25, 0.5) * radius, shift = _rng.Uniform(-0.6, 0.1) * r;
                    var blob = StarShape.RandomBlob(_rng, px + dx * shift, py + dy * shift, r, 1.2, 0.85, along + _rng.Uniform(-0.5, 0.5), 0.15, 3);
                    layer = new ShapeLayer(blob, liver + _rng.Sign() * _rng.Uniform(0.04, 0.08)) { Clips = clips };
                    break;
                }
                case 1:
                {
                    double r = _rng.Uniform(0.25, 0.4) * radius, shift = _rng.Uniform(-0.7, 0.0) * r;
                    var sac = new StarShape(px + dx * shift, py + dy * shift, r, 1.6, 0.8, along + Math.PI / 2 + _rng.Uniform(-0.5, 0.5));
                    layer = new ShapeLayer(sac, _rng.Uniform(0.25, 0.4)) { Clips = clips };
                    break;
                }
                case 2:
                {
                    double r = _rng.Uniform(0.08, 0.14) * radius, shift = _rng.Uniform(-0.6, 0.2) * r;
                    var vessel = new StarShape(px + dx * shift, py + dy * shift, r, 1.2, 0.9, _rng.Uniform(0, Math.PI));
                    layer = new ShapeLayer(vessel, liver + _rng.Uniform(0.1, 0.2)) { Clips = clips };
                    break;
                }
                default:
                {
                    double length = _rng.Uniform(0.35, 0.6) * radius, width = _rng.Uniform(0.012, 0.024);
                    var fissure = new StarShape(px - dx * length * 0.5, py - dy * length * 0.5, length, 1, width / length, along);
                    layer = new ShapeLayer(fissure, fat) { Clips = clips };
                    break;
                }
            }
            // A fat plane between it and the liver in 60 % of cases (not around a fissure, which is fat itself).
            if (layer.Value != fat && _rng.Chance(0.6))
            {
                layers.Add(layer with { Value = fat });
                layer = layer with { Inset = _rng.Uniform(0.005, 0.009) };
            }
            layers.Add(layer);
        }
        return layers;
    }

    /// <summary>The border point of <paramref name="shape"/> at about image angle <paramref name="angle"/> (0: to the
    /// image's right, the patient's midline; v grows downwards) and the unit direction out to it from the centre.</summary>
    private static (double X, double Y, double Dx, double Dy) OnBorder(StarShape shape, double angle)
    {
        var (x, y) = shape.BorderPoint(angle - shape.Rotation);
        double dx = x - shape.CenterX, dy = y - shape.CenterY, d = Math.Sqrt(dx * dx + dy * dy);
        return (x, y, dx / d, dy / d);
    }
}
