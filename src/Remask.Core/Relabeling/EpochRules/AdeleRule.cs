namespace Remask.Core.Relabeling.EpochRules;

/// <summary>
/// ADELE's early-learning rule (Liu et al., "Adaptive Early-Learning Correction for Segmentation from Noisy
/// Annotations", CVPR 2022). Series D_t (<see cref="EpochSeries.TrainingLabelDice"/>): Dice between the predictions
/// and the current training labels. At epoch t ≥ <see cref="MinPoints"/>, fit f(s) = a (1 − exp(−s^b / c)) to
/// D_1..D_t by least squares (<see cref="SaturatingCurveFitter"/>) and fire at the first t where the fitted slope has
/// fallen by the share r = <see cref="RelativeDrop"/> from its initial value:
/// <code>f'(t) &lt; f'(1)  and  |f'(1) − f'(t)| / |f'(1)| &gt; r</code>
/// (ADELE's criterion is the second part alone; the first keeps a slope that rises, as on the early part of a
/// sigmoid-like curve with b &gt; 1, from counting as a fall.) Each epoch's fit uses only the history up to it.
/// A fit whose asymptote a exceeds <see cref="MaxAsymptote"/> is not trusted: Dice cannot exceed 1, and a curve
/// that has not begun to saturate (a steady linear rise) is fitted by the power law a t^b / c with a tiny b and
/// a huge a, whose slope t^(b−1) "falls by 90 %" after about 12 epochs whatever the data.
/// </summary>
/// <param name="RelativeDrop">r in (0, 1): 0.9 in ADELE.</param>
/// <param name="MinPoints">Epochs of history before the first fit (≥ 3: three parameters).</param>
/// <param name="MaxAsymptote">Largest trusted a; null trusts every fit (ADELE as published).</param>
public sealed record AdeleRule(double RelativeDrop = 0.9, int MinPoints = 3, double? MaxAsymptote = 1.5) : IEpochRule
{
    /// <inheritdoc/>
    public string Name => "adele";
    /// <inheritdoc/>
    /// <remarks><see cref="EpochSeries.TrainingLabelDice"/>.</remarks>
    public EpochSeries Series => EpochSeries.TrainingLabelDice;

    /// <inheritdoc/>
    public EpochDecision Decide(IReadOnlyList<double> series)
    {
        if (!(RelativeDrop > 0 && RelativeDrop < 1)) throw new RemaskUsageException("ADELE's relative slope drop must lie in (0, 1)");
        if (MinPoints < 3) throw new RemaskUsageException($"ADELE's fit needs at least 3 epochs, got {MinPoints}");
        if (MaxAsymptote is { } m && !(m > 0)) throw new RemaskUsageException("ADELE's largest trusted asymptote must be positive");
        EpochRuleScan.CheckFinite(series, "training-label Dice");
        return EpochRuleScan.Decide(series, length => Test(series, length),
            EpochRuleScan.Invariant($"fitted slope not yet {100 * RelativeDrop:G3} % below its initial value"));
    }

    /// <summary>The fit ADELE's rule uses at epoch t (the first t values), or null with fewer than 3 points or no fit.</summary>
    public static SaturatingCurveFit? FitAt(IReadOnlyList<double> series, int t) =>
        SaturatingCurveFitter.Fit(series.Take(t).ToArray());

    private Trigger? Test(IReadOnlyList<double> dice, int t)
    {
        if (t < MinPoints) return null;
        var fit = FitAt(dice, t);
        if (fit is null || fit.Curve.A > MaxAsymptote) return null;
        double first = fit.Curve.Slope(1), now = fit.Curve.Slope(t);
        if (!(Math.Abs(first) > 0)) return null;
        double drop = Math.Abs(first - now) / Math.Abs(first);
        if (!(now < first && drop > RelativeDrop)) return null;
        return new Trigger(t, EpochRuleScan.Invariant(
            $"fitted slope fell {100 * drop:F1} % from f'(1) = {first:G4} to f'({t}) = {now:G4} (a = {fit.Curve.A:G4}, b = {fit.Curve.B:G4}, c = {fit.Curve.C:G4})"));
    }
}
