namespace Remask.Core.Relabeling.EpochRules;

/// <summary>Relabels at the end of a given epoch E: fires iff t = E. The series' values are not read, only its length.</summary>
public sealed record FixedEpochRule(int Epoch) : IEpochRule
{
    /// <inheritdoc/>
    public string Name => "fixed";
    /// <inheritdoc/>
    /// <remarks><see cref="EpochSeries.None"/>: only the length of the history counts.</remarks>
    public EpochSeries Series => EpochSeries.None;

    /// <inheritdoc/>
    public EpochDecision Decide(IReadOnlyList<double> series)
    {
        if (Epoch < 1) throw new RemaskUsageException($"the relabel epoch must be 1 or more, got {Epoch}");
        return EpochRuleScan.Decide(series, length => length == Epoch ? new Trigger(Epoch, $"fixed epoch {Epoch}") : null,
            $"waiting for epoch {Epoch}");
    }
}
