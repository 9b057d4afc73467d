namespace Remask.Core.Relabeling.EpochRules;

/// <summary>
/// The paper's unsupervised rule (Redekop and Chernyavskiy, ISBI 2021, section 3.2): relabel at the epoch where the
/// relative change of the mean cumulative uncertainty is at its minimum, detected online.
/// Series S_t (<see cref="EpochSeries.MeanCumulativeUncertainty"/>), S_t ≥ 0. Relative change, for t ≥ 2:
/// <code>Δ_t = (S_t − S_{t−1}) / S_{t−1}</code>
/// At epoch t let k = argmin { Δ_j : F ≤ j ≤ t } (the running minimum, earliest on ties; F = <see cref="FirstCandidate"/>).
/// The minimum is confirmed, and the rule fires, at the first t with t − k ≥ w and Δ rising over each of the last w
/// epochs (Δ_j &gt; Δ_{j−1} for t − w &lt; j ≤ t; w = <see cref="Window"/>). No look-ahead beyond those w epochs:
/// the relabel happens at the end of epoch t = k + w at the earliest, and the decision reports k.
/// </summary>
/// <param name="Window">w ≥ 1: how many consecutive rises of Δ confirm its minimum.</param>
/// <param name="FirstCandidate">F ≥ 2: the earliest epoch that may hold the minimum (Δ_1 does not exist; a larger F skips warm-up epochs).</param>
public sealed record UncertaintyChangeRule(int Window = 1, int FirstCandidate = 2) : IEpochRule
{
    /// <inheritdoc/>
    public string Name => "auto";
    /// <inheritdoc/>
    /// <remarks><see cref="EpochSeries.MeanCumulativeUncertainty"/>.</remarks>
    public EpochSeries Series => EpochSeries.MeanCumulativeUncertainty;

    /// <inheritdoc/>
    public EpochDecision Decide(IReadOnlyList<double> series)
    {
        if (Window < 1) throw new RemaskUsageException($"the confirmation window must be 1 or more epochs, got {Window}");
        if (FirstCandidate < 2) throw new RemaskUsageException($"the first candidate epoch must be 2 or more, got {FirstCandidate}");
        double[] delta = RelativeChanges(series);
        return EpochRuleScan.Decide(series, length => Test(delta, length),
            EpochRuleScan.Invariant($"Δ minimum not yet confirmed ({Window} rise(s) needed)"));
    }

    /// <summary>
    /// Δ per epoch for <c>uncertainty-curve.csv</c>: element i is Δ at epoch i + 1, NaN for epoch 1. Throws when a
    /// value is negative or not finite, or when S_{t−1} = 0 leaves Δ_t undefined.
    /// </summary>
    public static double[] RelativeChanges(IReadOnlyList<double> series)
    {
        EpochRuleScan.CheckFinite(series, "mean cumulative uncertainty");
        var delta = new double[series.Count];
        if (delta.Length > 0) delta[0] = double.NaN;
        for (int i = 0; i < series.Count; i++)
        {
            if (series[i] < 0) throw new ArgumentException(EpochRuleScan.Invariant($"mean cumulative uncertainty at epoch {i + 1} is {series[i]}, below 0"));
            if (i == 0) continue;
            if (series[i - 1] == 0) throw new ArgumentException($"mean cumulative uncertainty at epoch {i} is 0: its relative change is undefined");
            delta[i] = (series[i] - series[i - 1]) / series[i - 1];
        }
        return delta;
    }

    private Trigger? Test(double[] delta, int length)
    {
        int t = length;   // epochs 1..t, Δ_j = delta[j − 1]
        if (t < FirstCandidate + Window) return null;
        int k = FirstCandidate;
        for (int j = FirstCandidate + 1; j <= t; j++) if (delta[j - 1] < delta[k - 1]) k = j;
        if (t - k < Window) return null;
        for (int j = t - Window + 1; j <= t; j++)
            if (!(delta[j - 1] > delta[j - 2])) return null;
        return new Trigger(k, EpochRuleScan.Invariant(
            $"Δ minimum {delta[k - 1]:G4} at epoch {k}, confirmed by {Window} rise(s) to {delta[t - 1]:G4} at epoch {t}"));
    }
}
