using System.Globalization;

namespace Remask.Core.Relabeling;

/// <summary>
/// How to relabel one mask (<see cref="Relabeler"/>). The defaults are starting points, not tuned values.
/// </summary>
/// <param name="Policy">Which pixels may flip (<see cref="FlipPolicy"/>).</param>
/// <param name="Delta">
/// The uncertainty threshold δ (flip where U &gt; δ). For <see cref="FlipPolicy.Paper"/>, <see cref="FlipPolicy.MeanPrediction"/>
/// and <see cref="FlipPolicy.Band"/>, null means "choose automatically from this image's map by <see cref="AutoDelta"/>";
/// for <see cref="FlipPolicy.ConfidentDisagree"/> and <see cref="FlipPolicy.Region"/>, null means "no uncertainty condition".
/// A dataset-wide δ is computed once with <see cref="AutomaticDelta"/> and passed here.
/// </param>
/// <param name="AutoDelta">The rule for an automatic δ.</param>
/// <param name="AutoQuantile">q for <see cref="DeltaRule.Quantile"/>.</param>
/// <param name="Margin">
/// Confidence margin m in [0, 0.5]. <see cref="FlipPolicy.ConfidentDisagree"/> flips where |p − y| ≥ 0.5 + m;
/// <see cref="FlipPolicy.Region"/> keeps the disagreement pixels with |p − 0.5| ≥ m (for m &gt; 0 the same set).
/// </param>
/// <param name="BandRadius">r of <see cref="FlipPolicy.Band"/>: flips only within Euclidean distance r of the label outline (<see cref="Outline"/>).</param>
/// <param name="OpeningRadius">r of the disk that opens the disagreement set in <see cref="FlipPolicy.Region"/> (0: no opening).</param>
/// <param name="MinComponent">Any policy: 8-connected components of the flip set with fewer pixels than this are not flipped (0 or 1: off).</param>
/// <param name="FillHoles">Fill the holes of the new mask (<see cref="Morphology.HoleFilling"/>, 4-connected background) after the flips.</param>
/// <param name="UncertaintyCeiling">The largest value U can take (0.25 for aleatoric p(1 − p)); δ at or above it draws a warning.</param>
/// <param name="Guard">When set, <see cref="RelabelGuard"/> may decline the relabel; the mask is then returned unchanged.</param>
/// <param name="FloorMargin">
/// <see cref="FlipPolicy.Region"/> only; null: off. In an image whose plain flips already add at least
/// <paramref name="FloorEvidence"/> of the label's area, the label also grows where p ≥ t, t = min(0.5, b + m) from the
/// map's background floor b (<see cref="BackgroundFloor"/>), in the regions (opened as the plain flips are) that touch
/// the label. Removing foreground is unchanged.
/// </param>
/// <param name="FloorEvidence">The share of the label's area the plain rule must add before the floor may grow it.</param>
/// <param name="FloorRadius">R of <see cref="BackgroundFloor"/>: the floor is measured farther than R pixels from the label and the prediction.</param>
/// <param name="SnapRadius">
/// <see cref="FlipPolicy.Region"/> only; null: off. In an image whose plain flips change at least
/// <paramref name="FloorEvidence"/> of the label's area, a relabel pass that has the image moves the repaired outline
/// onto the image's edges within this many pixels (<see cref="EdgeSnap"/>, after the committee veto); in every image
/// when <paramref name="SnapAlignment"/> says so.
/// </param>
/// <param name="SnapAlignment">
/// With <paramref name="SnapRadius"/>; null: off. A relabel pass with images snaps every image, not only those whose
/// plain flips meet the evidence share, when the labels' outlines cut across the image's edges: the median over a
/// sample of its images of <see cref="OutlineAlignment"/>'s ratio (the label outline's contrast over that of the
/// outline snapped to the edges beside it) is below this value.
/// </param>
/// <param name="SnapWeight">γ of <see cref="EdgeSnap"/>: the cost of a pixel of outline through flat texture, against the data term's nats.</param>
/// <param name="AppearanceZ">
/// <see cref="FlipPolicy.Region"/> only; null: off. A relabel pass that has the image sets back each changed region whose
/// colours are more than z standard errors on the side it was taken from (<see cref="AppearanceCheck"/>).
/// </param>
/// <param name="AddObjects">
/// Whether a repair may add foreground apart from the label. False: the components of y' ∧ ¬y that do not touch the
/// label are dropped (<see cref="ApartObjects"/>): by <see cref="Relabeler"/> after the flips and hole filling, and in
/// a pass (<see cref="RelabelTally"/>) as its last step instead, after the committee veto, the edge snap and the
/// appearance check; a label that marks nothing is left to the guard.
/// </param>
public sealed record RelabelSettings(
    FlipPolicy Policy = FlipPolicy.Paper,
    double? Delta = null,
    DeltaRule AutoDelta = DeltaRule.Otsu,
    double AutoQuantile = 0.9,
    double Margin = 0.2,
    int BandRadius = 2,
    int OpeningRadius = 2,
    int MinComponent = 0,
    bool FillHoles = true,
    double UncertaintyCeiling = AutomaticDelta.AleatoricCeiling,
    GuardSettings? Guard = null,
    double? FloorMargin = null,
    int FloorRadius = 4,
    double FloorEvidence = 0.1,
    int? SnapRadius = null,
    double SnapWeight = RelabelSettings.DefaultSnapWeight,
    double? AppearanceZ = null,
    double? SnapAlignment = 0.45,
    bool AddObjects = true)
{
    /// <summary>γ of the edge snap at a 64-pixel training size, by default (docs/relabeling.md, "tenth grid", says how it was chosen).</summary>
    public const double DefaultSnapWeight = 16;

    /// <summary>The paper's rule with a given δ and hole filling, nothing else.</summary>
    public static RelabelSettings Paper(double delta) => new(FlipPolicy.Paper, delta);

    /// <summary>True for the policies whose null δ means "automatic" rather than "no uncertainty condition".</summary>
    public bool NeedsDelta => Policy is FlipPolicy.Paper or FlipPolicy.MeanPrediction or FlipPolicy.Band;

    /// <summary>Throws <see cref="RemaskUsageException"/> for a value out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Policy)) throw new RemaskUsageException($"unknown flip policy {Policy}");
        if (!Enum.IsDefined(AutoDelta)) throw new RemaskUsageException($"unknown δ rule {AutoDelta}");
        if (Delta is { } d && (double.IsNaN(d) || d < 0))
            throw new RemaskUsageException(Invariant($"δ must be a number ≥ 0, got {d}"));
        if (!(AutoQuantile >= 0 && AutoQuantile <= 1)) throw new RemaskUsageException(Invariant($"the δ quantile must lie in [0, 1], got {AutoQuantile}"));
        if (!(Margin >= 0 && Margin <= 0.5)) throw new RemaskUsageException(Invariant($"the confidence margin must lie in [0, 0.5], got {Margin}"));
        if (BandRadius < 0) throw new RemaskUsageException($"the band radius must be 0 or more, got {BandRadius}");
        if (OpeningRadius < 0) throw new RemaskUsageException($"the opening radius must be 0 or more, got {OpeningRadius}");
        if (FloorMargin is { } fm && !(fm >= 0 && fm <= 0.5)) throw new RemaskUsageException(Invariant($"the floor margin must lie in [0, 0.5], got {fm}"));
        if (FloorMargin is not null && Policy != FlipPolicy.Region) throw new RemaskUsageException($"the floor margin applies to the region policy, not {Policy}");
        if (!(FloorEvidence >= 0)) throw new RemaskUsageException(Invariant($"the floor's evidence share must be 0 or more, got {FloorEvidence}"));
        if (SnapRadius is { } sr && sr < 1) throw new RemaskUsageException($"the snap radius must be 1 or more, got {sr}");
        if (SnapRadius is not null && Policy != FlipPolicy.Region) throw new RemaskUsageException($"snapping to edges applies to the region policy, not {Policy}");
        if (AppearanceZ is { } az && !(az >= 0 && !double.IsInfinity(az))) throw new RemaskUsageException(Invariant($"the appearance check's z must be a finite number 0 or more, got {az}"));
        if (AppearanceZ is not null && Policy != FlipPolicy.Region) throw new RemaskUsageException($"the appearance check applies to the region policy, not {Policy}");
        if (!(SnapWeight >= 0) || double.IsInfinity(SnapWeight)) throw new RemaskUsageException(Invariant($"the snap weight must be a finite number ≥ 0, got {SnapWeight}"));
        if (SnapAlignment is { } sa && !(sa > 0 && !double.IsInfinity(sa))) throw new RemaskUsageException(Invariant($"the snap's alignment threshold must be a finite number above 0, got {sa}"));
        if (FloorRadius < 0) throw new RemaskUsageException($"the floor radius must be 0 or more, got {FloorRadius}");
        if (MinComponent < 0) throw new RemaskUsageException($"the minimum flip component must be 0 or more pixels, got {MinComponent}");
        if (!(UncertaintyCeiling > 0)) throw new RemaskUsageException(Invariant($"the uncertainty ceiling must be positive, got {UncertaintyCeiling}"));
        Guard?.Validate();
    }

    /// <summary>True when a pass with images measures <see cref="OutlineAlignment"/> to decide whether to snap every image.</summary>
    public bool SnapsByAlignment => SnapRadius is not null && SnapAlignment is not null && Policy == FlipPolicy.Region;

    /// <summary>The evidence share's test, shared by the floor's growth, the committee's grow threshold and the edge snap:
    /// <paramref name="pixels"/> is not 0 and at least <see cref="FloorEvidence"/> · <paramref name="labelled"/>.</summary>
    internal bool MeetsEvidence(long pixels, long labelled) => pixels > 0 && pixels >= FloorEvidence * labelled;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
