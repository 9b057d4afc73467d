namespace Remask.Core.Relabeling.EpochRules;

/// <summary>
/// Relabel when Dice on a small subset with clean masks has peaked (the paper's supervised alternative, section 3.2).
/// Series D_t (<see cref="EpochSeries.CleanSubsetDice"/>, in [0, 1]). The peak k is the epoch of the best value so far,
/// where a value counts as better only when D_t &gt; D_k + <see cref="MinImprovement"/>. Fires at the first t with
/// t − k ≥ <see cref="Patience"/> (no improvement for that many epochs) or, when <see cref="MaxDrop"/> is set,
/// D_k − D_t &gt; MaxDrop (a drop). Reports k, the peak epoch.
/// </summary>
/// <param name="Patience">Epochs without improvement that confirm the peak (≥ 1).</param>
/// <param name="MinImprovement">Smallest rise that counts as an improvement (≥ 0).</param>
/// <param name="MaxDrop">Fire as soon as Dice falls more than this below the peak; null: patience only.</param>
public sealed record CleanSubsetRule(int Patience = 2, double MinImprovement = 0, double? MaxDrop = null) : IEpochRule
{
    /// <inheritdoc/>
    public string Name => "clean-subset";
    /// <inheritdoc/>
    /// <remarks><see cref="EpochSeries.CleanSubsetDice"/>.</remarks>
    public EpochSeries Series => EpochSeries.CleanSubsetDice;

    /// <inheritdoc/>
    public EpochDecision Decide(IReadOnlyList<double> series)
    {
        if (Patience < 1) throw new RemaskUsageException($"the patience must be 1 or more epochs, got {Patience}");
        if (!(MinImprovement >= 0)) throw new RemaskUsageException("the minimum improvement must be 0 or more");
        if (MaxDrop is { } m && !(m >= 0)) throw new RemaskUsageException("the maximum drop must be 0 or more");
        EpochRuleScan.CheckFinite(series, "clean-subset Dice");
        return EpochRuleScan.Decide(series, length => Test(series, length), "clean-subset Dice still improving");
    }

    private Trigger? Test(IReadOnlyList<double> dice, int length)
    {
        int k = 1;
        for (int j = 2; j <= length; j++) if (dice[j - 1] > dice[k - 1] + MinImprovement) k = j;
        int t = length;
        if (MaxDrop is { } m && dice[k - 1] - dice[t - 1] > m)
            return new Trigger(k, EpochRuleScan.Invariant($"clean-subset Dice peaked at {dice[k - 1]:F4} at epoch {k} and dropped to {dice[t - 1]:F4}"));
        if (t - k >= Patience)
            return new Trigger(k, EpochRuleScan.Invariant($"clean-subset Dice peaked at {dice[k - 1]:F4} at epoch {k}, no improvement for {t - k} epochs"));
        return null;
    }
}
