namespace Remask.Core.Synthetic;

/// <summary>
/// What <see cref="SyntheticDifficulty.Hard"/> adds to one <see cref="SynthDerm"/> scene, drawn from its own random
/// stream after the standard scene (which it leaves as it is, so the standard dataset does not change):
/// <list type="bullet">
/// <item>an irregular outline: 2 to 5 lobes bulging from the lesion's border, 2 to 5 notches cut into it, in
/// 70 % of images 3 to 8 dark pseudopods (short fingers, 0.05 to 0.09 image widths long) reaching out from it,
/// and in 45 % of images 1 to 5 dark satellite spots beside it (all in the mask; <see cref="Outline"/>). An
/// annotator's few-vertex outline cuts the fingers off or widens them, cuts across the lobes and bridges the
/// notches and the lobes' necks, so these are what make the paper's poly7 and smooth noise cost something;</item>
/// <item>an ambiguous border: the rim's colour moved 40 to 80 % of the way to the skin's, the core's 0 to 30 %;
/// the pigment fading in over a band whose width varies along the border from 0.003-0.008 to 0.015-0.04 image
/// widths (<see cref="PigmentAlpha"/>), so where it is wide the faint outer part is lost in the skin's texture;
/// 1 to 3 faint brown patches on the skin (30 % of images); the vignetting 0.6 times as strong
/// (<see cref="VignetteScale"/>);</item>
/// <item>occlusion: more and thicker hairs (none in 30 % of images, 2 to 8, or 8 to 16 in a quarter of the
/// rest), half of them across the lesion, and a ruler in 40 % of images;</item>
/// <item>blur: a defocus of sigma 0.004 to 0.016 image widths in 80 % of images.</item>
/// </list>
/// </summary>
internal sealed class DermHardening
{
    /// <summary>The lesion's body with lobes and notches: where its pigment is, fading in from the border.</summary>
    public CompositeShape Body { get; }

    /// <summary>Small dark hard-edged marks: pseudopods (short fingers reaching out from the border) and satellite
    /// spots beside the body.</summary>
    public IReadOnlyList<StarShape> Spots { get; }

    /// <summary>The mask: the body and the spots.</summary>
    public CompositeShape Outline { get; }

    /// <summary>How far the rim's and the core's colours move towards the skin's (0: not at all, 1: all the way).</summary>
    public double RimFade { get; }
    public double CoreFade { get; }

    /// <summary>The vignetting's strength is multiplied by this (0.6): dark corners as dark as a faint lesion
    /// would be mistaken for it in a way no annotator would.</summary>
    public const double VignetteScale = 0.6;

    /// <summary>Faint brown patches on the skin (not lesion): shape and opacity.</summary>
    public IReadOnlyList<(StarShape Shape, double Opacity)> Patches { get; }

    /// <summary>Hairs added to the scene's own.</summary>
    public IReadOnlyList<Stroke> Hairs { get; }

    public Ruler? Ruler { get; }

    /// <summary>Gaussian defocus in image widths (0: none).</summary>
    public double Blur { get; }

    private readonly FractalNoise _fade;
    private readonly double _fadeMin, _fadeMax;

    /// <param name="rng">The hard stream of the sample.</param>
    /// <param name="lesion">The standard scene's lesion outline.</param>
    /// <param name="reach">The radius of a disc of the lesion's designed area.</param>
    public DermHardening(SynthRandom rng, StarShape lesion, double reach)
    {
        var parts = new List<IShape> { lesion };
        int lobes = rng.NextInt(2, 5);
        for (int i = 0; i < lobes; i++)
        {
            var (px, py, dx, dy) = OnBorder(lesion, rng.Uniform(0, 2 * Math.PI));
            double r = rng.Uniform(0.22, 0.42) * reach, out_ = rng.Uniform(0.3, 0.8) * r;
            double s = Math.Exp(rng.Uniform(-0.3, 0.3));
            parts.Add(StarShape.RandomBlob(rng, px + dx * out_, py + dy * out_, r, s, 1 / s, rng.Uniform(0, Math.PI), rng.Uniform(0.1, 0.3), 4));
        }
        var spots = new List<StarShape>();
        int fingers = rng.Chance(0.7) ? rng.NextInt(3, 8) : 0;
        for (int i = 0; i < fingers; i++)
        {
            var (px, py, dx, dy) = OnBorder(lesion, rng.Uniform(0, 2 * Math.PI));
            double length = rng.Uniform(0.05, 0.09), width = rng.Uniform(0.012, 0.02);
            spots.Add(new StarShape(px + dx * length * 0.3, py + dy * length * 0.3, length, 1, width / length, Math.Atan2(dy, dx)));
        }
        var cuts = new List<IShape>();
        int notches = rng.NextInt(2, 5);
        for (int i = 0; i < notches; i++)
        {
            var (px, py, dx, dy) = OnBorder(lesion, rng.Uniform(0, 2 * Math.PI));
            double r = rng.Uniform(0.12, 0.25) * reach, stretch = rng.Uniform(1.2, 2.2);
            double shift = rng.Uniform(-0.3, 0.2) * r;
            cuts.Add(new StarShape(px + dx * shift, py + dy * shift, r, stretch, 1 / Math.Sqrt(stretch), Math.Atan2(dy, dx)));
        }
        Body = new CompositeShape(parts, cuts);

        int satellites = rng.Chance(0.45) ? rng.NextInt(1, 5) : 0;
        for (int i = 0; i < satellites; i++)
        {
            var (px, py, dx, dy) = OnBorder(lesion, rng.Uniform(0, 2 * Math.PI));
            double r = rng.Uniform(0.012, 0.03), beyond = rng.Uniform(0.15, 0.5) * reach + r;
            spots.Add(StarShape.RandomBlob(rng, px + dx * beyond, py + dy * beyond, r, 1, 1, 0, 0.2, 3));
        }
        Spots = spots;
        Outline = new CompositeShape([Body, .. spots]);

        RimFade = rng.Uniform(0.4, 0.8);
        CoreFade = rng.Uniform(0, 0.3);
        _fade = new FractalNoise(rng, 3, 2);
        _fadeMin = rng.Uniform(0.003, 0.008);
        _fadeMax = rng.Uniform(0.015, 0.04);

        var patches = new List<(StarShape, double)>();
        int count = rng.Chance(0.3) ? rng.NextInt(1, 4) : 0;
        for (int i = 0; i < count; i++)
        {
            var (px, py, dx, dy) = OnBorder(lesion, rng.Uniform(0, 2 * Math.PI));
            double r = rng.Uniform(0.02, 0.05), beyond = rng.Uniform(0.4, 1.2) * reach + r;
            patches.Add((StarShape.RandomBlob(rng, px + dx * beyond, py + dy * beyond, r, 1.2, 0.8, rng.Uniform(0, Math.PI), 0.25, 4),
                rng.Uniform(0.15, 0.4)));
        }
        Patches = patches;

        int hairs = rng.Chance(0.3) ? 0 : rng.Chance(0.25) ? rng.NextInt(8, 16) : rng.NextInt(2, 8);
        var strokes = new Stroke[hairs];
        for (int i = 0; i < hairs; i++)
        {
            bool overLesion = rng.Chance(0.5);
            double mx = overLesion ? lesion.CenterX + rng.Uniform(-1.2, 1.2) * reach : rng.Uniform(0.05, 0.95);
            double my = overLesion ? lesion.CenterY + rng.Uniform(-1.2, 1.2) * reach : rng.Uniform(0.05, 0.95);
            strokes[i] = Stroke.RandomHair(rng, mx, my, 0.003, 0.009);
        }
        Hairs = strokes;

        Ruler = rng.Chance(0.4) ? new Ruler(rng) : null;
        Blur = rng.Chance(0.8) ? rng.Uniform(0.004, 0.016) : 0;
    }

    /// <summary>
    /// The pigment's opacity at (u, v): 0 outside the body, rising over <paramref name="edge"/> around the border
    /// and then over a band inside it whose width varies smoothly along the border (0.003-0.008 to 0.015-0.04
    /// image widths), reaching 1 deeper in. <paramref name="weights"/>: <see cref="FadeWeights"/>.
    /// </summary>
    public double PigmentAlpha(double u, double v, double edge, ReadOnlySpan<float> weights)
    {
        double sd = Body.SignedDistance(u, v);
        if (sd <= -edge) return 0;
        double width = _fadeMin + (_fadeMax - _fadeMin) * Coverage.SmoothStep(-0.35, 0.35, _fade.Sample(u, v, weights));
        return Coverage.SmoothStep(-edge, edge + width, sd);
    }

    /// <summary>The fade field's octave weights for an image of <paramref name="size"/> pixels.</summary>
    public float[] FadeWeights(int size) => _fade.OctaveWeights(size);

    /// <summary>The spots' coverage at (u, v), box-filtered over <paramref name="edge"/>.</summary>
    public double SpotAlpha(double u, double v, double edge)
    {
        double a = 0;
        foreach (var s in Spots) a = Math.Max(a, Coverage.Edge(s.SignedDistance(u, v), edge));
        return a;
    }

    /// <summary>The border point of <paramref name="lesion"/> at local angle <paramref name="theta"/> and the unit
    /// direction from the lesion's centre to it (outwards).</summary>
    private static (double X, double Y, double Dx, double Dy) OnBorder(StarShape lesion, double theta)
    {
        var (x, y) = lesion.BorderPoint(theta);
        double dx = x - lesion.CenterX, dy = y - lesion.CenterY, d = Math.Sqrt(dx * dx + dy * dy);
        return (x, y, dx / d, dy / d);
    }
}
