using Remask.Core.Datasets;
using Remask.Core.Imaging;

namespace Remask.Core.Synthetic;

/// <summary>
/// <c>synth-derm</c>: dermatoscopy-like RGB images, each with one pigmented lesion (the mask) on skin.
/// <list type="bullet">
/// <item>skin: a tone between light pink-beige and darker tan, brightness and redness varying smoothly, fine
/// texture and pores;</item>
/// <item>lesion: a smooth irregular star-convex blob (<see cref="StarShape"/>, harmonics 2 to 6) covering about
/// 10 to 45 % of the image, its centre jittered and sometimes pushed over the image border; brown pigment,
/// darker towards the middle, mottled, with a network of darker lines, globules and sometimes a blue-grey
/// veil; its edge blurred in the image while the mask is the hard border;</item>
/// <item>hairs: none to 16 dark thin curved strokes across skin and lesion alike;</item>
/// <item>optics: vignetting (dark corners), sometimes the dermatoscope's circular black frame, colour and
/// brightness jitter, slight sensor noise.</item>
/// </list>
/// The scene is drawn from (seed, index) alone, in continuous coordinates, so a sample is the same shape at
/// every size and does not depend on other samples; only the sensor noise is drawn per pixel.
/// <see cref="SyntheticDifficulty.Hard"/> draws the same scene and adds lobes, notches and satellites to the
/// outline, a faint fading border, more hair, a ruler and blur (<see cref="DermHardening"/>).
/// </summary>
public static class SynthDerm
{
    /// <summary>Designed lesion area as a share of the image, before the image border clips it.</summary>
    public const double MinLesionArea = 0.10, MaxLesionArea = 0.45;

    /// <summary>Share of images whose lesion is pushed over the image border.</summary>
    public const double BorderTouchChance = 0.15;

    private const int SceneStream = 1, PixelStream = 2, HardStream = 3;

    /// <summary>Sample <paramref name="index"/> of the dataset <paramref name="seed"/>, <paramref name="size"/> pixels
    /// square, at <paramref name="difficulty"/>.</summary>
    public static Sample Generate(int index, int size, int seed, SyntheticDifficulty difficulty = SyntheticDifficulty.Standard)
    {
        SyntheticDatasets.CheckArguments(index, size);
        var scene = Scene(index, seed, difficulty);
        var grid = new PixelGrid(size);
        var image = scene.Render(grid, SynthRandom.For(seed, index, PixelStream));
        var mask = ShapeMask(scene.Outline, grid);
        return new Sample(SyntheticDatasets.SampleName(SyntheticKind.Derm, index), image, mask);
    }

    /// <summary>
    /// How much hair and ruler cover each pixel of sample <paramref name="index"/> (0 to 1, row-major): what hides
    /// the skin and the lesion (for tests and statistics).
    /// </summary>
    internal static float[] Occlusion(int index, int size, int seed, SyntheticDifficulty difficulty)
    {
        SyntheticDatasets.CheckArguments(index, size);
        return Scene(index, seed, difficulty).Occlusion(new PixelGrid(size));
    }

    /// <summary>The scene of sample <paramref name="index"/>, before any pixel is drawn.</summary>
    internal static DermScene Scene(int index, int seed, SyntheticDifficulty difficulty) =>
        DermScene.Draw(SynthRandom.For(seed, index, SceneStream),
            difficulty == SyntheticDifficulty.Hard ? SynthRandom.For(seed, index, HardStream) : null);

    /// <summary>The pixels whose centres lie inside <paramref name="shape"/>.</summary>
    internal static Mask ShapeMask(IShape shape, PixelGrid grid)
    {
        var data = new byte[grid.Size * grid.Size];
        var b = shape.Bounds;
        var (x0, x1) = grid.Span(b.MinU, b.MaxU);
        var (y0, y1) = grid.Span(b.MinV, b.MaxV);
        for (int y = y0; y <= y1; y++)
        {
            double v = grid.Center(y);
            for (int x = x0; x <= x1; x++)
                if (shape.Contains(grid.Center(x), v)) data[y * grid.Size + x] = 1;
        }
        return new Mask(grid.Size, grid.Size, data);
    }
}

/// <summary>Everything random about one <see cref="SynthDerm"/> image, drawn before any pixel.</summary>
internal sealed class DermScene
{
    // Skin.
    private readonly double[] _skin = new double[3];
    private readonly FractalNoise _skinLight, _erythema, _fine, _pores;
    private readonly double _lightAmp, _erythemaAmp, _fineAmp, _poreDark;

    // Lesion.
    public StarShape Lesion { get; }
    private readonly double[] _rim = new double[3], _core = new double[3], _glob = new double[3];
    private readonly double[] _veilColor = [0.40, 0.42, 0.52];   // blue-grey
    private readonly FractalNoise _mottle, _veil;
    private readonly StarShape _blotch;
    private readonly GradientNoise _network, _globules;
    private readonly double _coreWeight, _coreGamma, _mottleAmp, _networkAmp, _globuleAmp, _veilAmp;
    private readonly double _edgeSoftness, _opacity;

    // Hairs.
    private readonly Stroke[] _hairs;
    private readonly double[] _hairColor = new double[3];
    private readonly double _hairOpacity;

    // Optics.
    private readonly double _vigCx, _vigCy, _vigStart, _vigStrength;
    private readonly bool _frame;
    private readonly double _frameRadius, _frameBlur, _frameLevel;
    private readonly double[] _gain = new double[3];
    private readonly double _sensorNoise;

    // What the hard difficulty adds (null: standard).
    private readonly DermHardening? _hard;

    /// <summary>What the hard difficulty added (null: standard).</summary>
    public DermHardening? Hard => _hard;

    /// <summary>What the mask is: the lesion, or at the hard difficulty its irregular outline.</summary>
    public IShape Outline => _hard?.Outline ?? (IShape)Lesion;

    private DermScene(SynthRandom rng, SynthRandom? hardRng)
    {
        // Skin tone: from light pink-beige to darker tan, a little pinker or yellower.
        double tone = rng.NextDouble();
        double pink = rng.Uniform(-0.03, 0.05);
        _skin[0] = Lerp(0.93, 0.76, tone) + pink * 0.5;
        _skin[1] = Lerp(0.76, 0.53, tone) - pink;
        _skin[2] = Lerp(0.70, 0.43, tone) - pink * 0.3;
        _skinLight = new FractalNoise(rng, 2.5, 3);
        _erythema = new FractalNoise(rng, 3.5, 2);
        _fine = new FractalNoise(rng, 45, 2);
        _pores = new FractalNoise(rng, 90, 1);
        _lightAmp = rng.Uniform(0.03, 0.08);
        _erythemaAmp = rng.Uniform(0.02, 0.08);
        _fineAmp = rng.Uniform(0.015, 0.035);
        _poreDark = rng.Uniform(0.04, 0.12);

        // Lesion shape and place.
        double area = rng.Uniform(SynthDerm.MinLesionArea, SynthDerm.MaxLesionArea);
        double stretch = Math.Exp(rng.Uniform(-0.25, 0.25));
        double rotation = rng.Uniform(0, Math.PI);
        double irregularity = rng.Uniform(0.08, 0.35);
        var blob = StarShape.RandomBlob(rng, 0, 0, 1, stretch, 1 / stretch, rotation, irregularity);
        double radius = Math.Sqrt(area / blob.Area);
        double reach = Math.Sqrt(area / Math.PI);   // the radius of a disc of the same area
        double cx, cy;
        if (rng.Chance(SynthDerm.BorderTouchChance))
        {
            // Over one side of the image: the centre a little less than the mean radius from that side.
            int side = rng.NextInt(4);
            double inset = reach * rng.Uniform(0.7, 0.95), along = rng.Uniform(0.3, 0.7);
            (cx, cy) = side switch { 0 => (inset, along), 1 => (1 - inset, along), 2 => (along, inset), _ => (along, 1 - inset) };
        }
        else
        {
            double room = Math.Max(0.02, 0.5 - reach - 0.04);
            cx = 0.5 + rng.Uniform(-room, room);
            cy = 0.5 + rng.Uniform(-room, room);
        }
        Lesion = blob.MovedTo(cx, cy, radius);

        // Pigment: a lighter brown rim, a darker core, both relative to the skin (darker skin, darker lesion)
        // and browner than it; hue jitter per image.
        double dark = rng.NextDouble();
        double hue = rng.Uniform(-0.05, 0.05);
        double rimK = Lerp(0.66, 0.48, dark), coreK = Lerp(0.48, 0.18, dark);
        double[] tint = [1.0 + hue, 0.82, 0.64 - hue];
        for (int c = 0; c < 3; c++)
        {
            _rim[c] = _skin[c] * rimK * tint[c];
            _core[c] = _skin[c] * coreK * tint[c];
            _glob[c] = _core[c] * 0.6;
        }
        _coreWeight = rng.Uniform(0.45, 1.0);
        // A dark blotch, often off-centre: the darkest part of many lesions is not in the middle.
        double ba = rng.Uniform(0, 2 * Math.PI), bd = rng.Uniform(0, 0.45) * reach;
        _blotch = StarShape.RandomBlob(rng, cx + Math.Cos(ba) * bd, cy + Math.Sin(ba) * bd, reach * rng.Uniform(0.3, 0.65),
            1, 1, 0, rng.Uniform(0.1, 0.3), 4);
        _coreGamma = rng.Uniform(0.6, 1.8);
        _mottle = new FractalNoise(rng, 6, 3);
        _mottleAmp = rng.Uniform(0.15, 0.45);
        _network = new GradientNoise(rng, rng.Uniform(22, 34));
        _networkAmp = rng.Chance(0.6) ? rng.Uniform(0.08, 0.25) : 0;
        _globules = new GradientNoise(rng, rng.Uniform(18, 30));
        _globuleAmp = rng.Chance(0.5) ? rng.Uniform(0.3, 0.8) : 0;
        _veil = new FractalNoise(rng, 3, 2);
        _veilAmp = rng.Chance(0.25) ? rng.Uniform(0.3, 0.7) : 0;
        _edgeSoftness = rng.Uniform(0.004, 0.022);
        _opacity = rng.Uniform(0.88, 1.0);

        // Hairs: often none, usually a few, sometimes many.
        int hairs = rng.Chance(0.3) ? 0 : rng.Chance(0.12) ? rng.NextInt(8, 16) : rng.NextInt(1, 6);
        _hairs = new Stroke[hairs];
        for (int i = 0; i < hairs; i++)
            _hairs[i] = Stroke.RandomHair(rng, rng.Uniform(0.05, 0.95), rng.Uniform(0.05, 0.95), 0.003, 0.008);
        double hairShade = rng.Uniform(0.05, 0.22);
        _hairColor[0] = hairShade * 1.15;
        _hairColor[1] = hairShade * 0.9;
        _hairColor[2] = hairShade * 0.8;
        _hairOpacity = rng.Uniform(0.75, 0.95);

        // Optics.
        _vigCx = 0.5 + rng.Uniform(-0.04, 0.04);
        _vigCy = 0.5 + rng.Uniform(-0.04, 0.04);
        _vigStart = rng.Uniform(0.25, 0.45);
        _vigStrength = rng.Uniform(0.2, 0.7);
        _frame = rng.Chance(0.3);
        _frameRadius = rng.Uniform(0.55, 0.68);
        _frameBlur = rng.Uniform(0.008, 0.03);
        _frameLevel = rng.Uniform(0.0, 0.06);
        double brightness = rng.Uniform(0.88, 1.08);
        for (int c = 0; c < 3; c++) _gain[c] = brightness * (1 + rng.Uniform(-0.04, 0.04));
        _sensorNoise = rng.Uniform(0.004, 0.012);

        if (hardRng is null) return;
        _hard = new DermHardening(hardRng, Lesion, reach);
        for (int c = 0; c < 3; c++)
        {
            _rim[c] = Lerp(_rim[c], _skin[c], _hard.RimFade);
            _core[c] = Lerp(_core[c], _skin[c], _hard.CoreFade);
            _glob[c] = _core[c] * 0.6;
        }
        _hairs = [.. _hairs, .. _hard.Hairs];
        _vigStrength *= DermHardening.VignetteScale;
    }

    /// <param name="rng">The scene's stream.</param>
    /// <param name="hardRng">The hard stream, or null for the standard difficulty.</param>
    public static DermScene Draw(SynthRandom rng, SynthRandom? hardRng = null) => new(rng, hardRng);

    /// <summary>Hair and ruler coverage per pixel (0 to 1), as <see cref="Render"/> lays them over the skin.</summary>
    public float[] Occlusion(PixelGrid grid)
    {
        int n = grid.Size;
        var cover = new float[n * n];
        foreach (var h in _hairs) h.Draw(grid, cover);
        for (int i = 0; i < cover.Length; i++) cover[i] *= (float)_hairOpacity;
        if (_hard?.Ruler is { } ruler)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                {
                    double r = ruler.Hides(grid.Center(x), grid.Center(y), grid.Pixel);
                    cover[y * n + x] = (float)(1 - (1 - cover[y * n + x]) * (1 - r));
                }
        return cover;
    }

    public Image Render(PixelGrid grid, SynthRandom pixelRng)
    {
        int n = grid.Size, plane = n * n;
        double p = grid.Pixel;
        var data = new float[3 * plane];
        var hair = new float[plane];
        foreach (var h in _hairs) h.Draw(grid, hair);

        float[] wLight = _skinLight.OctaveWeights(n), wEry = _erythema.OctaveWeights(n);
        float[] wFine = _fine.OctaveWeights(n), wPores = _pores.OctaveWeights(n);
        float[] wMottle = _mottle.OctaveWeights(n), wVeil = _veil.OctaveWeights(n);
        double netAmp = _networkAmp * FractalNoise.BandLimit(n / _network.Frequency);
        double globAmp = _globuleAmp * FractalNoise.BandLimit(n / _globules.Frequency);
        double edge = Math.Max(_edgeSoftness, p);
        var bounds = Outline.Bounds;
        Span<double> rgb = stackalloc double[3];
        float[] wFade = _hard?.FadeWeights(n) ?? [];
        // With blur, the sensor noise is added after it (the noise is the sensor's, the blur the optics').
        float[]? noiseLater = _hard is { Blur: > 0 } ? new float[plane] : null;

        for (int y = 0; y < n; y++)
        {
            double v = grid.Center(y);
            bool rowNearLesion = v >= bounds.MinV - edge && v <= bounds.MaxV + edge;
            for (int x = 0; x < n; x++)
            {
                double u = grid.Center(x);
                int i = y * n + x;

                // Skin.
                double light = 1 + _lightAmp * _skinLight.Sample(u, v, wLight);
                double ery = _erythemaAmp * _erythema.Sample(u, v, wEry);
                double fine = _fineAmp * _fine.Sample(u, v, wFine);
                double pore = 1 - _poreDark * Coverage.SmoothStep(0.25, 0.6, _pores.Sample(u, v, wPores));
                rgb[0] = (_skin[0] * light + ery + fine) * pore;
                rgb[1] = (_skin[1] * light - 0.6 * ery + fine) * pore;
                rgb[2] = (_skin[2] * light - 0.4 * ery + fine) * pore;
                if (_hard is not null) PaintPatches(u, v, edge, rgb);

                // Lesion.
                if (rowNearLesion && u >= bounds.MinU - edge && u <= bounds.MaxU + edge)
                {
                    double sd = Lesion.SignedDistance(u, v, out double t);
                    double alpha = (_hard is null ? Coverage.SmoothStep(-edge, edge, sd) : _hard.PigmentAlpha(u, v, edge, wFade)) * _opacity;
                    if (alpha > 0)
                    {
                        double r = Math.Min(t, 1);
                        _blotch.SignedDistance(u, v, out double tb);
                        double density = 0.55 * Math.Pow(1 - r, _coreGamma);
                        if (tb < 1) density = Math.Max(density, Math.Pow(1 - tb, 0.7));
                        density = Math.Clamp(_coreWeight * density + _mottleAmp * _mottle.Sample(u, v, wMottle), 0, 1);
                        double net = 0, glob = 0, veil = 0;
                        if (netAmp > 0)
                            net = netAmp * Coverage.SmoothStep(0.78, 0.95, 1 - Math.Abs(_network.Sample(u, v))) * (0.4 + 0.6 * r);
                        if (globAmp > 0)
                            glob = globAmp * Coverage.SmoothStep(0.45, 0.75, _globules.Sample(u, v)) * (1 - 0.5 * r);
                        if (_veilAmp > 0)
                            veil = _veilAmp * Coverage.SmoothStep(0.0, 0.35, _veil.Sample(u, v, wVeil)) * (1 - r);
                        for (int c = 0; c < 3; c++)
                        {
                            double pig = Lerp(_rim[c], _core[c], density) * (1 - net);
                            pig = Lerp(pig, _glob[c], glob);
                            pig = Lerp(pig, _veilColor[c], veil);
                            rgb[c] = Lerp(rgb[c], pig, alpha);
                        }
                    }
                    if (_hard is not null) PaintSpots(u, v, p, rgb);
                }

                // Hairs, and the ruler over them.
                double hc = hair[i] * _hairOpacity;
                if (hc > 0)
                    for (int c = 0; c < 3; c++) rgb[c] = Lerp(rgb[c], _hairColor[c], hc);
                _hard?.Ruler?.Blend(u, v, p, rgb);

                // Vignetting and the dermatoscope's frame.
                double du = u - _vigCx, dv = v - _vigCy;
                double radial = Math.Sqrt(du * du + dv * dv);
                double shade = 1 - _vigStrength * Coverage.SmoothStep(_vigStart, 0.75, radial);
                double frame = _frame ? Coverage.SmoothStep(-Math.Max(_frameBlur, p), Math.Max(_frameBlur, p), _frameRadius - radial) : 1;
                double noise = _sensorNoise * (pixelRng.NextDouble() + pixelRng.NextDouble() + pixelRng.NextDouble() - 1.5) * 2;
                if (noiseLater is not null)
                {
                    noiseLater[i] = (float)noise;
                    noise = 0;
                }
                for (int c = 0; c < 3; c++)
                {
                    double value = Lerp(_frameLevel, rgb[c] * shade, frame) * _gain[c] + noise;
                    data[c * plane + i] = (float)Math.Clamp(value, 0, 1);
                }
            }
        }
        if (noiseLater is not null)
        {
            data = GaussianBlur.Apply(data, 3, n, n, _hard!.Blur * n);
            for (int i = 0; i < data.Length; i++) data[i] = Math.Clamp(data[i] + noiseLater[i % plane], 0f, 1f);
        }
        return new Image(n, n, 3, data);
    }

    /// <summary>Hard difficulty: the faint brown patches on the skin, in the rim's colour.</summary>
    private void PaintPatches(double u, double v, double edge, Span<double> rgb)
    {
        foreach (var (shape, opacity) in _hard!.Patches)
        {
            var b = shape.Bounds;
            if (u < b.MinU - edge || u > b.MaxU + edge || v < b.MinV - edge || v > b.MaxV + edge) continue;
            double a = Coverage.SmoothStep(-edge, 2 * edge, shape.SignedDistance(u, v)) * opacity;
            for (int c = 0; c < 3; c++) rgb[c] = Lerp(rgb[c], _rim[c], a);
        }
    }

    /// <summary>Hard difficulty: the pseudopods and satellite spots, hard-edged, between the rim's and the core's colour.</summary>
    private void PaintSpots(double u, double v, double pixel, Span<double> rgb)
    {
        double a = _hard!.SpotAlpha(u, v, pixel) * _opacity;
        if (a <= 0) return;
        for (int c = 0; c < 3; c++) rgb[c] = Lerp(rgb[c], Lerp(_rim[c], _core[c], 0.6), a);
    }

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
