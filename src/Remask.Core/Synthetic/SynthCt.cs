using Remask.Core.Datasets;
using Remask.Core.Imaging;

namespace Remask.Core.Synthetic;

/// <summary>
/// <c>synth-ct</c>: axial abdominal CT slices as they look after a soft-tissue window (level 40 HU, width
/// 400 HU: air 0, fat 0.13 to 0.29, muscle about 0.52, liver 0.56 to 0.64, contrast-filled vessels
/// 0.75 to 0.9, bone 0.8 to 1), one gray channel. The patient lies on the back (anterior up) and the image
/// left is the patient's right, so the liver (the mask) is on the image's left.
/// <list type="bullet">
/// <item>body: an irregular ellipse with skin, subcutaneous fat, a muscle wall and a cavity of textured
/// visceral fat; sometimes the scanner table beneath;</item>
/// <item>organs: liver (a smooth irregular blob pressed into the right side and cut to the cavity, with a few
/// brighter vessels and sometimes a darker lesion), spleen, kidneys, stomach with a gas cap, pancreas, bowel
/// loops with gas, aorta and vena cava; spleen, kidneys, pancreas and vena cava within 0.12 of the liver,
/// stomach and bowel contents a little darker;</item>
/// <item>bones: a vertebra at the bottom centre with its arch, rib cross-sections along the wall;</item>
/// <item>noise: Gaussian, correlated over about 2 pixels (a 3x3 binomial blur), none in the air.</item>
/// </list>
/// One slice in every 20 (the position within each block of 20 indices is picked from the seed) lies below
/// the liver: no liver, no spleen, no stomach, more bowel; its mask is empty. Shapes are drawn in continuous
/// coordinates from (seed, index) alone, so a slice is the same at every size and independent of the others.
/// <see cref="SyntheticDifficulty.Hard"/> draws the same slice with a liver whose contrast to its neighbours
/// varies, neighbours pressed into it, lobes and more noise (<see cref="CtHardening"/>).
/// </summary>
public static class SynthCt
{
    /// <summary>In each block of this many consecutive indices, exactly one slice has no liver.</summary>
    public const int EmptyBlock = 20;

    private const int SceneStream = 1, PixelStream = 2, EmptyStream = 3, HardStream = 4;

    /// <summary>Slice <paramref name="index"/> of the dataset <paramref name="seed"/>, <paramref name="size"/> pixels
    /// square, at <paramref name="difficulty"/>.</summary>
    public static Sample Generate(int index, int size, int seed, SyntheticDifficulty difficulty = SyntheticDifficulty.Standard)
    {
        SyntheticDatasets.CheckArguments(index, size);
        var scene = Scene(index, seed, difficulty);
        var grid = new PixelGrid(size);
        var image = scene.Render(grid, SynthRandom.For(seed, index, PixelStream));
        var mask = scene.LiverMask(grid);
        return new Sample(SyntheticDatasets.SampleName(SyntheticKind.Ct, index), image, mask);
    }

    /// <summary>The scene of slice <paramref name="index"/>, before any pixel is drawn.</summary>
    internal static CtScene Scene(int index, int seed, SyntheticDifficulty difficulty) =>
        CtScene.Draw(SynthRandom.For(seed, index, SceneStream), HasLiver(index, seed),
            difficulty == SyntheticDifficulty.Hard ? SynthRandom.For(seed, index, HardStream) : null);

    /// <summary>
    /// False for exactly one index in each block of <see cref="EmptyBlock"/> (indices 0-19, 20-39, ...), at a
    /// position within the block drawn from (seed, block): 5 % of slices, spread evenly, without liver.
    /// </summary>
    public static bool HasLiver(int index, int seed)
    {
        int block = index / EmptyBlock;
        int empty = SynthRandom.For(seed, block, EmptyStream).NextInt(EmptyBlock);
        return index % EmptyBlock != empty;
    }
}

/// <summary>Everything random about one <see cref="SynthCt"/> slice, drawn before any pixel.</summary>
internal sealed class CtScene
{
    private readonly List<ShapeLayer> _layers = [];
    private readonly ShapeLayer? _liver;
    private readonly double _noiseSigma;

    // What the hard difficulty adds (null: standard), and the layers it paints over the liver (not in its mask).
    private readonly CtHardening? _hard;
    private readonly List<ShapeLayer> _overLiver = [];

    // The body frame: centre and semi-axes; organs are placed in body coordinates (X, Y) in [-1, 1].
    private readonly double _bx, _by, _ba, _bb;

    private CtScene(SynthRandom rng, bool hasLiver, SynthRandom? hardRng)
    {
        if (hardRng is not null) _hard = new CtHardening(hardRng);
        _bx = 0.5 + rng.Uniform(-0.03, 0.03);
        _by = 0.5 + rng.Uniform(-0.04, 0.02);
        _ba = rng.Uniform(0.40, 0.48);
        _bb = Math.Min(rng.Uniform(0.30, 0.37), 0.85 * _ba);
        double scale = (_ba + _bb) / 2;   // about 0.36: sizes below are for that body

        // Intensities after the window (level 40, width 400 HU).
        double fat = rng.Uniform(0.13, 0.22);
        double visceralFat = fat + rng.Uniform(0.02, 0.07);
        double muscle = rng.Uniform(0.49, 0.55);
        double liver = rng.Uniform(0.56, 0.64);
        if (_hard is not null) liver = _hard.Liver;
        double bone = rng.Uniform(0.92, 1.0);
        double marrow = rng.Uniform(0.72, 0.85);
        double vessel = rng.Uniform(0.76, 0.9);

        // Scanner table under the patient: a shallow arc.
        if (rng.Chance(0.7))
        {
            double top = _by + _bb + rng.Uniform(0.015, 0.04), radius = rng.Uniform(1.0, 1.6);
            var outer = new StarShape(_bx, top + radius, radius);
            _layers.Add(new ShapeLayer(outer, rng.Uniform(0.25, 0.4)));
            _layers.Add(new ShapeLayer(outer, 0) { Inset = rng.Uniform(0.006, 0.012) });
        }

        // Body: skin, subcutaneous fat, muscle wall, cavity.
        var body = StarShape.RandomBlob(rng, _bx, _by, 1, _ba, _bb, rng.Uniform(-0.05, 0.05), rng.Uniform(0.02, 0.07), 4);
        double fatDepth = rng.Uniform(0.012, 0.05) * scale / 0.36;
        double wallDepth = fatDepth + rng.Uniform(0.012, 0.025);
        var textureFat = new FractalNoise(rng, 10, 3);
        _layers.Add(new ShapeLayer(body, muscle - 0.05));
        _layers.Add(new ShapeLayer(body, fat) { Inset = 0.003, Texture = textureFat, TextureAmplitude = 0.015 });
        _layers.Add(new ShapeLayer(body, muscle) { Inset = fatDepth });
        var cavityClip = new (IShape, double)[] { (body, wallDepth) };
        _layers.Add(new ShapeLayer(body, visceralFat) { Inset = wallDepth, Texture = new FractalNoise(rng, 14, 3), TextureAmplitude = 0.035 });

        // Spine: paraspinal muscles, vertebral body, arch, canal; at the back, in the middle.
        double vx = _bx + rng.Uniform(-0.01, 0.01), vr = rng.Uniform(0.042, 0.056) * scale / 0.36;
        double vy = _by + _bb - wallDepth - 2.9 * vr;
        foreach (int side in (int[])[-1, 1])
        {
            var para = new StarShape(vx + side * 2.0 * vr, vy + 2.0 * vr, 1, 1.5 * vr, 1.3 * vr, side * 0.3);
            _layers.Add(new ShapeLayer(para, muscle + rng.Uniform(-0.02, 0.02)) { Clips = [(body, fatDepth)] });
        }
        var arch = new StarShape(vx, vy + 1.5 * vr, 1, 0.62 * vr, 0.58 * vr);
        _layers.Add(new ShapeLayer(arch, bone));
        _layers.Add(new ShapeLayer(new StarShape(vx, vy + 2.2 * vr, 1, 0.14 * vr, 0.5 * vr), bone));
        foreach (int side in (int[])[-1, 1])
            _layers.Add(new ShapeLayer(new StarShape(vx + side * 0.85 * vr, vy + 1.15 * vr, 1, 0.55 * vr, 0.16 * vr, side * 0.35), bone));
        _layers.Add(new ShapeLayer(new StarShape(vx, vy + 1.48 * vr, 1, 0.45 * vr, 0.4 * vr), 0.42));
        var vertebra = StarShape.RandomBlob(rng, vx, vy, vr, 1.05, 0.95, 0, 0.06, 3);
        _layers.Add(new ShapeLayer(vertebra, bone));
        _layers.Add(new ShapeLayer(vertebra, marrow) { Inset = 0.12 * vr, Texture = new FractalNoise(rng, 40, 2), TextureAmplitude = 0.04 });

        // Ribs: cross-sections in the wall, at the sides and the back-sides (none over the spine or the front).
        int ribs = hasLiver ? rng.NextInt(6, 12) : rng.NextInt(0, 4);
        for (int i = 0; i < ribs; i++)
        {
            double a = RibAngle(rng);
            double depth = fatDepth + (wallDepth - fatDepth) * rng.Uniform(0.3, 0.9);
            double px = _bx + Math.Cos(a) * (_ba - depth), py = _by + Math.Sin(a) * (_bb - depth);
            double tangent = Math.Atan2(Math.Cos(a) * _bb, -Math.Sin(a) * _ba);
            double len = rng.Uniform(0.010, 0.018), thick = rng.Uniform(0.006, 0.009);
            var rib = new StarShape(px, py, 1, len, thick, tangent);
            _layers.Add(new ShapeLayer(rib, bone));
            _layers.Add(new ShapeLayer(rib, marrow - 0.05) { Inset = 0.0025 });
        }

        // Kidneys beside the spine, cortex enhanced, fat in the hilum.
        foreach (int side in (int[])[-1, 1])
        {
            if (!rng.Chance(0.75)) continue;
            double kx = vx + side * rng.Uniform(3.0, 3.8) * vr, ky = vy - rng.Uniform(0.2, 1.2) * vr;
            var kidney = StarShape.RandomBlob(rng, kx, ky, rng.Uniform(0.032, 0.045), 0.8, 1.2, side * rng.Uniform(0.2, 0.6), 0.12, 3);
            _layers.Add(new ShapeLayer(kidney, liver + Near(rng.Uniform(0.05, 0.12))) { Clips = cavityClip });
            var hilum = new StarShape(kx - side * 0.35 * kidney.Radius, ky, kidney.Radius * 0.35, 1, 1.4);
            _layers.Add(new ShapeLayer(hilum, visceralFat + 0.05) { Clips = [(kidney, 0)] });
        }

        // Aorta (contrast-filled) in front of the spine, slightly to the patient's left; vena cava to the right.
        double ar = rng.Uniform(0.013, 0.02);
        _layers.Add(new ShapeLayer(new StarShape(vx + rng.Uniform(0.2, 0.6) * vr, vy - vr - ar * 1.3, ar), vessel));
        if (hasLiver)
            _layers.Add(new ShapeLayer(new StarShape(vx - rng.Uniform(1.0, 1.5) * vr, vy - vr - ar, ar, 1.3, 0.9), liver + Near(rng.Uniform(0.0, 0.06))));

        if (hasLiver)
        {
            // Spleen at the back of the patient's left side.
            if (rng.Chance(0.85))
            {
                var spleen = StarShape.RandomBlob(rng, Bu(rng.Uniform(0.5, 0.7)), Bv(rng.Uniform(0.0, 0.35)),
                    rng.Uniform(0.045, 0.08), 0.7, 1.35, rng.Uniform(-0.9, -0.3), 0.2);
                _layers.Add(new ShapeLayer(spleen, liver + Near(rng.Uniform(0.02, 0.09))) { Clips = cavityClip });
            }

            // Stomach in front on the patient's left: wall, fluid, a gas cap on top (the patient lies supine).
            if (rng.Chance(0.85))
            {
                var stomach = StarShape.RandomBlob(rng, Bu(rng.Uniform(0.1, 0.45)), Bv(rng.Uniform(-0.55, -0.15)),
                    rng.Uniform(0.05, 0.1), 1.3, 0.8, rng.Uniform(-0.5, 0.5), 0.2);
                double content = liver - Near(rng.Uniform(0.08, 0.18));
                _layers.Add(new ShapeLayer(stomach, muscle + 0.03) { Clips = cavityClip });
                _layers.Add(new ShapeLayer(stomach, content) { Inset = 0.005, Clips = cavityClip, Texture = new FractalNoise(rng, 12, 2), TextureAmplitude = 0.04 });
                if (rng.Chance(0.75))
                {
                    double level = stomach.CenterY - stomach.Radius * 0.8 * rng.Uniform(-0.3, 0.7);
                    _layers.Add(new ShapeLayer(stomach, 0.01) { Inset = 0.005, Clips = cavityClip, Above = level });
                }
            }

            // Pancreas across the middle, in front of the spine.
            if (rng.Chance(0.5))
            {
                var pancreas = StarShape.RandomBlob(rng, Bu(rng.Uniform(0.0, 0.25)), vy - vr - rng.Uniform(0.05, 0.08),
                    rng.Uniform(0.025, 0.04), 2.2, 0.6, rng.Uniform(-0.4, 0.1), 0.15);
                _layers.Add(new ShapeLayer(pancreas, liver - Near(rng.Uniform(0.03, 0.09))) { Clips = cavityClip });
            }
        }
        else
        {
            // Below the liver: the iliac wings at the back-sides, the psoas muscles beside the spine.
            if (rng.Chance(0.6))
                foreach (int side in (int[])[-1, 1])
                {
                    var wing = new StarShape(vx + side * rng.Uniform(3.8, 4.6) * vr, vy + rng.Uniform(-0.2, 0.5) * vr, 1,
                        rng.Uniform(1.6, 2.2) * vr, rng.Uniform(0.35, 0.5) * vr, -side * rng.Uniform(0.6, 1.0));
                    _layers.Add(new ShapeLayer(wing, bone) { Clips = [(body, fatDepth)] });
                    _layers.Add(new ShapeLayer(wing, marrow - 0.05) { Inset = 0.003, Clips = [(body, fatDepth)] });
                }
            foreach (int side in (int[])[-1, 1])
            {
                var psoas = new StarShape(vx + side * 1.9 * vr, vy - 0.3 * vr, 1, 0.9 * vr, 0.8 * vr, side * 0.4);
                _layers.Add(new ShapeLayer(psoas, muscle) { Clips = cavityClip });
            }
        }

        // Bowel loops: wall, then fluid or gas inside.
        int loops = hasLiver ? rng.NextInt(2, 7) : rng.NextInt(12, 22);
        for (int i = 0; i < loops; i++)
        {
            double lx = hasLiver ? rng.Uniform(-0.35, 0.55) : rng.Uniform(-0.75, 0.75);
            double ly = hasLiver ? rng.Uniform(-0.7, 0.15) : rng.Uniform(-0.75, 0.3);
            var loop = StarShape.RandomBlob(rng, Bu(lx), Bv(ly), hasLiver ? rng.Uniform(0.015, 0.04) : rng.Uniform(0.02, 0.055), 1, 1, 0, 0.15, 3);
            _layers.Add(new ShapeLayer(loop, muscle + rng.Uniform(-0.02, 0.06)) { Clips = cavityClip });
            double inside = rng.Chance(0.35) ? 0.02 : liver - rng.Uniform(0.06, 0.22);
            _layers.Add(new ShapeLayer(loop, inside) { Inset = 0.004, Clips = cavityClip });
        }

        // The liver: pressed into the patient's right side, cut to the cavity, drawn over its neighbours.
        if (hasLiver)
        {
            double radius = 0.08 + 0.16 * Math.Sqrt(rng.NextDouble());   // mostly large, sometimes a small tip
            var shape = StarShape.RandomBlob(rng, Bu(rng.Uniform(-0.68, -0.38)), Bv(rng.Uniform(-0.3, 0.15)), radius,
                Math.Exp(rng.Uniform(-0.1, 0.3)), Math.Exp(rng.Uniform(-0.3, 0.1)), rng.Uniform(-0.6, 0.6), rng.Uniform(0.1, 0.3));
            var texture = new FractalNoise(rng, 6, 2);
            _liver = new ShapeLayer(_hard?.LiverOutline(shape) ?? (IShape)shape, liver)
            {
                Clips = cavityClip,
                Texture = _hard?.LiverTexture ?? texture,
                TextureAmplitude = _hard?.LiverTextureAmplitude ?? 0.012,
            };
            _layers.Add(_liver);
            var liverClip = new (IShape, double)[] { (shape, 0.0), (body, wallDepth) };

            int vessels = rng.NextInt(2, 7);
            for (int i = 0; i < vessels; i++)
            {
                double a = rng.Uniform(0, 2 * Math.PI), d = rng.Uniform(0, 0.6) * radius;
                var v = new StarShape(shape.CenterX + Math.Cos(a) * d, shape.CenterY + Math.Sin(a) * d, rng.Uniform(0.004, 0.011),
                    Math.Exp(rng.Uniform(0, 1.0)), 1, rng.Uniform(0, Math.PI));
                _layers.Add(new ShapeLayer(v, liver + rng.Uniform(0.05, 0.12)) { Clips = liverClip });
            }
            if (rng.Chance(0.15))
            {
                double a = rng.Uniform(0, 2 * Math.PI), d = rng.Uniform(0, 0.5) * radius;
                var lesion = StarShape.RandomBlob(rng, shape.CenterX + Math.Cos(a) * d, shape.CenterY + Math.Sin(a) * d,
                    rng.Uniform(0.1, 0.3) * radius, 1, 1, 0, 0.2, 3);
                _layers.Add(new ShapeLayer(lesion, liver - rng.Uniform(0.1, 0.18)) { Clips = liverClip });
            }
            if (_hard is not null)
            {
                _overLiver.AddRange(_hard.Neighbours(shape, liver, visceralFat, cavityClip));
                _layers.AddRange(_overLiver);
            }
        }

        _noiseSigma = rng.Uniform(0.015, 0.035);
        if (_hard is not null) _noiseSigma = _hard.NoiseSigma;
    }

    /// <param name="rng">The scene's stream.</param>
    /// <param name="hasLiver">False for the slices below the liver.</param>
    /// <param name="hardRng">The hard stream, or null for the standard difficulty.</param>
    public static CtScene Draw(SynthRandom rng, bool hasLiver, SynthRandom? hardRng = null) => new(rng, hasLiver, hardRng);

    /// <summary>The layers painted over the liver and left out of its mask (hard difficulty; none at standard).</summary>
    public IReadOnlyList<ShapeLayer> OverLiver => _overLiver;

    /// <summary>A neighbour's difference to the liver: as drawn, or at the hard difficulty scaled down.</summary>
    private double Near(double difference) => _hard?.Near(difference) ?? difference;

    private double Bu(double x) => _bx + x * _ba;
    private double Bv(double y) => _by + y * _bb;

    /// <summary>An angle on the body outline (v grows downwards: π/2 is the back) where ribs lie at liver level.</summary>
    private static double RibAngle(SynthRandom rng)
    {
        double deg = rng.NextInt(4) switch
        {
            0 => rng.Uniform(15, 65),     // back, patient's left
            1 => rng.Uniform(115, 165),   // back, patient's right
            2 => rng.Uniform(180, 235),   // front-side, patient's right
            _ => rng.Uniform(305, 360),   // front-side, patient's left
        };
        return deg * Math.PI / 180;
    }

    public Image Render(PixelGrid grid, SynthRandom pixelRng)
    {
        int n = grid.Size;
        var values = new float[n * n];
        double edge = grid.Pixel;
        foreach (var layer in _layers) layer.Paint(values, grid, edge);
        AddCorrelatedNoise(values, n, _noiseSigma, pixelRng);
        return new Image(n, n, 1, values);
    }

    public Mask LiverMask(PixelGrid grid)
    {
        int n = grid.Size;
        if (_liver is null) return Mask.Empty(n, n);
        var data = new byte[n * n];
        var b = _liver.Shape.Bounds;
        var (x0, x1) = grid.Span(b.MinU, b.MaxU);
        var (y0, y1) = grid.Span(b.MinV, b.MaxV);
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
                if (_liver.Contains(grid.Center(x), grid.Center(y)) && !Covered(grid.Center(x), grid.Center(y))) data[y * n + x] = 1;
        return new Mask(n, n, data);
    }

    /// <summary>Whether a layer painted over the liver (hard difficulty) hides (u, v).</summary>
    private bool Covered(double u, double v)
    {
        foreach (var layer in _overLiver)
            if (layer.Contains(u, v)) return true;
        return false;
    }

    /// <summary>
    /// Adds Gaussian noise of standard deviation <paramref name="sigma"/>, correlated over about 2 pixels (white
    /// noise blurred by the 3x3 binomial kernel [1 2 1]ᵀ[1 2 1], rescaled to unit variance), faded
    /// out where the image is air (values below 0.06), then clamps to [0, 1].
    /// </summary>
    internal static void AddCorrelatedNoise(Span<float> values, int n, double sigma, SynthRandom rng)
    {
        var white = new float[n * n];
        for (int i = 0; i < white.Length; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), a = 2.0 * Math.PI * u2;
            white[i] = (float)(r * Math.Cos(a));
            if (i + 1 < white.Length) white[i + 1] = (float)(r * Math.Sin(a));
        }
        var rows = new float[n * n];
        for (int y = 0; y < n; y++)
        {
            int o = y * n;
            for (int x = 0; x < n; x++)
            {
                float l = white[o + Math.Max(x - 1, 0)], c = white[o + x], r = white[o + Math.Min(x + 1, n - 1)];
                rows[o + x] = l + 2 * c + r;
            }
        }
        float scale = (float)(sigma / 6);   // each unnormalised [1 2 1] pass multiplies the deviation by √6
        for (int y = 0; y < n; y++)
        {
            int up = Math.Max(y - 1, 0) * n, o = y * n, down = Math.Min(y + 1, n - 1) * n;
            for (int x = 0; x < n; x++)
            {
                float noise = (rows[up + x] + 2 * rows[o + x] + rows[down + x]) * scale;
                float v = values[o + x];
                float fade = Coverage.SmoothStep(0.0, 0.06, v);
                values[o + x] = Math.Clamp(v + noise * fade, 0f, 1f);
            }
        }
    }
}
