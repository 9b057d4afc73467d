using System.Globalization;

namespace Remask.Core.Relabeling;

/// <summary>
/// When <see cref="RelabelGuard"/> declines a relabel. Each test is switched off by null. The defaults are starting
/// points for tuning, not measured optima.
/// </summary>
/// <param name="AgreementDice">Decline when Dice(y, ŷ) ≥ this: the model already agrees with the label.</param>
/// <param name="MinFlipShare">Decline when |F| / |y ∪ ŷ| &lt; this: too few flips to matter.</param>
/// <param name="ThinRadius">
/// Decline when the <see cref="ThicknessPercentile"/>-th percentile of the inscribed radius of the flip set is ≤ this
/// (pixels). The inscribed radius of a flip pixel is its Euclidean distance to the nearest pixel outside F
/// (1 for every pixel of a 1- or 2-pixel wide band, 2 in the middle of a 3- or 4-pixel band).
/// </param>
/// <param name="ThicknessPercentile">Which percentile of the inscribed radii <see cref="ThinRadius"/> tests, in (0, 1]; 1 is the maximum.</param>
/// <param name="MaxOutlineShare">Decline when the share of flip pixels within <see cref="OutlineDistance"/> of the label outline is ≥ this.</param>
/// <param name="OutlineDistance">Euclidean distance (pixels) to the <see cref="Outline"/> pixels that counts as "on the outline".</param>
/// <param name="MinKeptShare">Decline when the flips would keep less than this share of the label's foreground,
/// |y AND NOT F| / |y|: a relabel that erases most of what the annotator drew is more often the model's failure (an
/// early model that sees nothing in this image) than the annotator's.</param>
/// <param name="Uninformative">Decline when ŷ marks every pixel of the image: a model that floods the image (one that
/// learnt nothing yet, on an empty slice of a volume, say) says nothing about where an object ends. (Declining also
/// where Dice(y, ŷ) is below that of marking everything, 2|y| / (|y| + N), was measured and dropped: on large objects
/// whose label holds a small part of them it declined right repairs; docs/relabeling.md.)</param>
/// <param name="KeepEmpty">Decline on a label that marks nothing: noise in drawn outlines misplaces an object's edge,
/// it does not leave a whole object out, and on the synthetic grids every change a fold model proposed on an empty
/// label was wrong (118 images, all of them on synth-ct and synth-ct-hard slices without liver; docs/relabeling.md).
/// Switch it off for data whose annotators may have missed whole objects.</param>
public sealed record GuardSettings(
    double? AgreementDice = 0.98,
    double? MinFlipShare = 0.01,
    double? ThinRadius = 2.0,
    double ThicknessPercentile = 0.9,
    double? MaxOutlineShare = 0.8,
    int OutlineDistance = 1,
    double? MinKeptShare = 0.5,
    bool Uninformative = true,
    bool KeepEmpty = true)
{
    /// <summary>Throws <see cref="RemaskUsageException"/> for a value out of range.</summary>
    public void Validate()
    {
        if (AgreementDice is { } a && !(a >= 0 && a <= 1)) throw Bad("agreement Dice", a, "[0, 1]");
        if (MinFlipShare is { } s && !(s >= 0)) throw Bad("minimum flip share", s, "[0, ∞)");
        if (ThinRadius is { } r && !(r >= 0)) throw Bad("thin radius", r, "[0, ∞)");
        if (!(ThicknessPercentile > 0 && ThicknessPercentile <= 1)) throw Bad("thickness percentile", ThicknessPercentile, "(0, 1]");
        if (MaxOutlineShare is { } o && !(o >= 0 && o <= 1)) throw Bad("outline share", o, "[0, 1]");
        if (OutlineDistance < 0) throw Bad("outline distance", OutlineDistance, "[0, ∞)");
        if (MinKeptShare is { } k && !(k >= 0 && k <= 1)) throw Bad("kept share", k, "[0, 1]");
    }

    private static RemaskUsageException Bad(string what, double value, string range) =>
        new(string.Create(CultureInfo.InvariantCulture, $"the guard's {what} must lie in {range}, got {value}"));
}
